// SPDX-License-Identifier: GPL-2.0
/*
 * For every PCI device in sysfs (or the ones named), check that the BAR
 * files are the ones its "resource" file implies, with the same sizes:
 * resourceN for each BAR of non-zero length, resourceN_wc for each
 * prefetchable memory BAR (x86 with PAT), rom for a ROM, config of 256 or
 * 4096 bytes.  One TAP line per device.  With --table, print instead one
 * line per file: device, name, mode, size (the golden-table format).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SYSDEV "/sys/bus/pci/devices"
#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_PREFETCH	0x00002000

static int table, tests, failures;

static long long file_size(const char *dev, const char *name, unsigned int *mode)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), SYSDEV "/%s/%s", dev, name);
	if (stat(path, &st))
		return -1;
	if (mode)
		*mode = st.st_mode & 07777;
	return st.st_size;
}

static int check_file(const char *dev, const char *name, long long want,
		      char *why, size_t whylen)
{
	long long have = file_size(dev, name, NULL);

	if (have == want)
		return 0;
	if (want < 0)
		snprintf(why, whylen, "%s exists (size %lld), expected none", name, have);
	else if (have < 0)
		snprintf(why, whylen, "%s missing, expected size %lld", name, want);
	else
		snprintf(why, whylen, "%s has size %lld, expected %lld", name, have, want);
	return 1;
}

static void print_table(const char *dev)
{
	static const char *const fixed[] = { "config", "rom", "legacy_io", "legacy_mem" };
	char name[32];
	unsigned int mode;
	long long size;
	size_t i;

	for (i = 0; i < 6 * 2; i++) {
		snprintf(name, sizeof(name), "resource%zu%s", i / 2, i % 2 ? "_wc" : "");
		size = file_size(dev, name, &mode);
		if (size >= 0)
			printf("%s %s %04o %lld\n", dev, name, mode, size);
	}
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		size = file_size(dev, fixed[i], &mode);
		if (size >= 0)
			printf("%s %s %04o %lld\n", dev, fixed[i], mode, size);
	}
}

static void check_device(const char *dev)
{
	char path[512], why[256] = "", name[32];
	unsigned long long start, end, flags;
	long long cfg;
	int bad = 0, i;
	FILE *f;

	if (table) {
		print_table(dev);
		return;
	}
	snprintf(path, sizeof(path), SYSDEV "/%s/resource", dev);
	f = fopen(path, "r");
	if (!f) {
		printf("not ok %d - %s: cannot read resource: %s\n", ++tests, dev, strerror(errno));
		failures++;
		return;
	}
	for (i = 0; i <= 6 && !bad; i++) {
		long long len, wc = -1;

		if (fscanf(f, "%llx %llx %llx", &start, &end, &flags) != 3) {
			snprintf(why, sizeof(why), "resource line %d unreadable", i);
			bad = 1;
			break;
		}
		len = end ? (long long)(end - start + 1) : 0;
		if (i == 6) {
			bad = check_file(dev, "rom", len ? len : -1, why, sizeof(why));
			break;
		}
		snprintf(name, sizeof(name), "resource%d", i);
		bad = check_file(dev, name, len ? len : -1, why, sizeof(why));
		if (len && (flags & IORESOURCE_MEM) && (flags & IORESOURCE_PREFETCH))
			wc = len;
		snprintf(name, sizeof(name), "resource%d_wc", i);
		bad = bad || check_file(dev, name, wc, why, sizeof(why));
	}
	fclose(f);
	cfg = file_size(dev, "config", NULL);
	if (!bad && cfg != 256 && cfg != 4096) {
		snprintf(why, sizeof(why), "config has size %lld", cfg);
		bad = 1;
	}
	printf("%sok %d - %s BAR files match its resources%s%s\n", bad ? "not " : "",
	       ++tests, dev, bad ? ": " : "", why);
	failures += bad;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	struct dirent **list;
	int i, n;

	if (argc > 1 && !strcmp(argv[1], "--table")) {
		table = 1;
		argc--, argv++;
	}
	if (argc > 1) {
		for (i = 1; i < argc; i++)
			check_device(argv[i]);
	} else {
		n = scandir(SYSDEV, &list, NULL, by_name);
		if (n < 0) {
			perror(SYSDEV);
			return 2;
		}
		for (i = 0; i < n; i++)
			if (list[i]->d_name[0] != '.')
				check_device(list[i]->d_name);
	}
	return failures ? 1 : 0;
}
