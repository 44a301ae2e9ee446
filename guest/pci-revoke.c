// SPDX-License-Identifier: GPL-2.0
/*
 * pci-revoke BDF BAR DRIVER: with DRIVER unbound from device BDF, map
 * memory BAR through every door userspace has (resourceN, resourceN_wc,
 * /dev/mem, /proc/bus/pci), check each mapping reads, bind DRIVER (which
 * claims the BAR), and check that each mapping now faults with SIGBUS:
 * the kernel revoked it.  One TAP line per door and step.
 *
 * pci-revoke BDF BAR --rescan: the same mappings, then a bus rescan, which
 * changes no BAR: every mapping must still read.
 *
 * pci-revoke BDF BAR --remove: the same mappings, then the device is
 * removed through sysfs: every mapping must fault (SIGBUS); then a rescan
 * brings the device back at the same address: the mappings must still
 * fault, not reach the new instance.
 *
 * pci-revoke BDF BAR --hot-remove NAME: the same, with the device, matrix
 * device NAME, hot-removed and hot-added again by the host over QMP.
 *
 * pci-revoke BDF BAR --resize SIZE: the same mappings, then the BAR is
 * resized through resourceN_resize to SIZE (the Resizable BAR size index:
 * 0 is 1 MB): every mapping must fault; then it is resized back to the
 * size it had, and the mappings must still fault.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PCIIOC_MMAP_IS_MEM (('P' << 24 | 'C' << 16 | 'I' << 8) | 2)

struct door {
	const char *name;
	char path[256];
	off_t offset;
	int proc;
	volatile uint32_t *map;
};

static sigjmp_buf fault;
static int tests, failures;

static void on_sigbus(int sig)
{
	siglongjmp(fault, sig);
}

/* Read the first word of a mapping; return the signal it raised, or 0. */
static int probe(volatile uint32_t *p)
{
	int sig = sigsetjmp(fault, 1);

	if (!sig)
		(void)*p;
	return sig;
}

static void tap(int ok, const char *fmt, const char *a, const char *b)
{
	printf("%sok %d - ", ok ? "" : "not ", ++tests);
	printf(fmt, a, b);
	putchar('\n');
	fflush(stdout);
	failures += !ok;
}

/* The plan, last: the host checks it against the results it got. */
static int plan(void)
{
	printf("1..%d\n", tests);
	fflush(stdout);
	return failures ? 1 : 0;
}

/* Poll for @path to exist (@present) or not, up to 60 s */
static int wait_path(const char *path, int present)
{
	int i;

	for (i = 0; i < 600; i++) {
		if ((access(path, F_OK) == 0) == present)
			return 0;
		usleep(100000);
	}
	return -1;
}

/* Every mapping must fault with SIGBUS, @when */
static void expect_revoked(struct door *doors, int n, const char *bdf, const char *when)
{
	char what[64], how[128];
	int i;

	for (i = 0; i < n; i++) {
		int sig = doors[i].map ? probe(doors[i].map) : 0;

		snprintf(what, sizeof(what), "%s (%s)", doors[i].name,
			 !doors[i].map ? "never mapped" : sig == SIGBUS ? "SIGBUS" :
			 sig ? "other signal" : "still readable");
		snprintf(how, sizeof(how), "%%s mapping of %%s revoked %s", when);
		tap(sig == SIGBUS, how, what, bdf);
	}
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n = -1;

	if (fd >= 0) {
		n = write(fd, s, strlen(s));
		close(fd);
	}
	if (n < 0)
		fprintf(stderr, "# write %s to %s: %s\n", s, path, strerror(errno));
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long long start = 0, end = 0, flags = 0;
	unsigned int dom, bus, slot, fn;
	struct door doors[4];
	char path[256];
	int bar, i, n = 0;
	FILE *f;

	if (argc < 4 || sscanf(argv[1], "%x:%x:%x.%x", &dom, &bus, &slot, &fn) != 4 ||
	    (!strcmp(argv[3], "--hot-remove") || !strcmp(argv[3], "--resize") ?
	     argc != 5 : argc != 4)) {
		fprintf(stderr, "usage: %s DDDD:BB:DD.F BAR DRIVER|--rescan|--remove|--hot-remove NAME|--resize SIZE\n",
			argv[0]);
		return 2;
	}
	bar = atoi(argv[2]);
	signal(SIGBUS, on_sigbus);
	signal(SIGSEGV, on_sigbus);

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", argv[1]);
	if (!access(path, W_OK) && write_str(path, argv[1]))
		return 2;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", argv[1]);
	f = fopen(path, "r");
	for (i = 0; f && i <= bar; i++)
		if (fscanf(f, "%llx %llx %llx", &start, &end, &flags) != 3)
			end = 0;
	if (f)
		fclose(f);
	if (!end || !(flags & 0x200)) {
		fprintf(stderr, "%s BAR %d is not a memory BAR\n", argv[1], bar);
		return 2;
	}

	doors[n] = (struct door){ .name = "resourceN" };
	snprintf(doors[n++].path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d", argv[1], bar);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d_wc", argv[1], bar);
	if (!access(path, F_OK)) {
		doors[n] = (struct door){ .name = "resourceN_wc" };
		strcpy(doors[n++].path, path);
	}
	doors[n++] = (struct door){ .name = "/dev/mem", .path = "/dev/mem", .offset = start };
	doors[n] = (struct door){ .name = "/proc/bus/pci", .offset = start, .proc = 1 };
	snprintf(doors[n++].path, sizeof(path), "/proc/bus/pci/%02x/%02x.%x", bus, slot, fn);

	for (i = 0; i < n; i++) {
		int fd = open(doors[i].path, O_RDWR | O_SYNC);
		void *m = MAP_FAILED;

		if (fd >= 0 && doors[i].proc && ioctl(fd, PCIIOC_MMAP_IS_MEM) < 0)
			fprintf(stderr, "# %s: PCIIOC_MMAP_IS_MEM: %s\n", doors[i].path, strerror(errno));
		if (fd >= 0)
			m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, doors[i].offset);
		if (m == MAP_FAILED)
			fprintf(stderr, "# %s: %s\n", doors[i].path, strerror(errno));
		else
			doors[i].map = m;
		if (fd >= 0)
			close(fd);
		tap(doors[i].map && !probe(doors[i].map),
		    "%s of %s maps and reads while no driver holds the BAR", doors[i].name, argv[1]);
	}

	if (!strcmp(argv[3], "--rescan")) {
		tap(!write_str("/sys/bus/pci/rescan", "1"), "%s%s rescan of every bus", "", "");
		for (i = 0; i < n; i++) {
			int sig = doors[i].map ? probe(doors[i].map) : -1;

			tap(!sig, "%s mapping of %s still reads after a rescan", doors[i].name, argv[1]);
		}
		return plan();
	}

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", argv[1]);
	if (!strcmp(argv[3], "--remove")) {
		char rm[300];

		snprintf(rm, sizeof(rm), "%s/remove", path);
		tap(!write_str(rm, "1") && !wait_path(path, 0), "%s removed through sysfs%s",
		    argv[1], "");
		expect_revoked(doors, n, argv[1], "once it was removed");
		tap(!write_str("/sys/bus/pci/rescan", "1") && !wait_path(path, 1),
		    "%s back after a rescan%s", argv[1], "");
		expect_revoked(doors, n, argv[1], "still after the rescan brought it back");
		return plan();
	}
	if (!strcmp(argv[3], "--hot-remove")) {
		fprintf(stderr, "@@host del %s\n", argv[4]);
		fflush(stderr);
		tap(!wait_path(path, 0), "%s (%s) hot-removed over QMP", argv[1], argv[4]);
		expect_revoked(doors, n, argv[1], "once it was hot-removed");
		fprintf(stderr, "@@host add %s\n", argv[4]);
		fflush(stderr);
		tap(!wait_path(path, 1), "%s (%s) hot-added again over QMP", argv[1], argv[4]);
		expect_revoked(doors, n, argv[1], "still after the hot-add brought it back");
		return plan();
	}

	if (!strcmp(argv[3], "--resize")) {
		char back[16];

		/* The size index the BAR has now: log2 of its size in MB */
		for (i = 0; (1ULL << (20 + i)) < end - start + 1; i++)
			;
		snprintf(back, sizeof(back), "%d", i);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d_resize",
			 argv[1], bar);
		tap(!write_str(path, argv[4]), "%s BAR resized to size index %s", argv[1], argv[4]);
		expect_revoked(doors, n, argv[1], "once it was resized");
		tap(!write_str(path, back), "%s BAR resized back to size index %s", argv[1], back);
		expect_revoked(doors, n, argv[1], "still after it was resized back");
		return plan();
	}

	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/bind", argv[3]);
	tap(!write_str(path, argv[1]), "%s binds to %s", argv[3], argv[1]);

	expect_revoked(doors, n, argv[1], "once the driver claimed it");
	return plan();
}
