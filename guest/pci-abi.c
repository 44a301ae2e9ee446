// SPDX-License-Identifier: GPL-2.0
/*
 * Print how every PCI BAR, rom and config file of the running machine
 * answers userspace: one line per file with its mode, size, and the
 * result of read at 0, pread past the end, lseek to the end and past it,
 * mmap of the first page and of a page past the end.  Results are return
 * values or errno names, nothing that depends on the addresses the
 * firmware chose, so two kernels on the same machine must print the
 * same table.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYSDEV "/sys/bus/pci/devices"

static const char *res(long long ret)
{
	static char buf[8][32];
	static int i;

	i = (i + 1) % 8;
	if (ret >= 0)
		snprintf(buf[i], sizeof(buf[i]), "%lld", ret);
	else
		snprintf(buf[i], sizeof(buf[i]), "%s", strerrorname_np(errno) ?: "E?");
	return buf[i];
}

static const char *try_mmap(int fd, off_t off)
{
	void *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, off);

	if (m == MAP_FAILED)
		return res(-1);
	munmap(m, 4096);
	return "ok";
}

static void probe(const char *dev, const char *name)
{
	char path[512], buf[4];
	struct stat st;
	long long size;
	const char *r0, *rend, *send, *spast, *m0, *mpast;
	int fd;

	snprintf(path, sizeof(path), SYSDEV "/%s/%s", dev, name);
	if (stat(path, &st))
		return;
	size = st.st_size;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("%s %s %04o %lld open=%s\n", dev, name, st.st_mode & 07777, size, res(-1));
		return;
	}
	/* config reads of one byte at 0 are harmless; I/O BARs take 1, 2 or 4 */
	r0 = res(pread(fd, buf, 1, 0));
	rend = res(pread(fd, buf, 4, size));
	send = res(lseek(fd, 0, SEEK_END));
	spast = res(lseek(fd, size + 4096, SEEK_SET));
	m0 = try_mmap(fd, 0);
	mpast = try_mmap(fd, (size + 4095) & ~4095LL);
	printf("%s %s %04o %lld read0=%s readend=%s seekend=%s seekpast=%s mmap0=%s mmappast=%s\n",
	       dev, name, st.st_mode & 07777, size, r0, rend, send, spast, m0, mpast);
	close(fd);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	static const char *const fixed[] = { "rom", "config" };
	struct dirent **list;
	char name[32];
	int i, n, f;

	n = scandir(SYSDEV, &list, NULL, by_name);
	if (n < 0) {
		perror(SYSDEV);
		return 2;
	}
	for (i = 0; i < n; i++) {
		const char *dev = list[i]->d_name;

		if (dev[0] == '.' || (argc > 1 && strcmp(argv[1], dev)))
			continue;
		for (f = 0; f < 12; f++) {
			snprintf(name, sizeof(name), "resource%d%s", f / 2, f % 2 ? "_wc" : "");
			probe(dev, name);
		}
		for (f = 0; f < 2; f++)
			probe(dev, fixed[f]);
	}
	return 0;
}
