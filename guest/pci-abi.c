// SPDX-License-Identifier: GPL-2.0
/*
 * Print how every PCI BAR, rom and config file of the running machine
 * answers userspace: one line per file with its mode, size, and the
 * result of read at 0, pread past the end, lseek to the end and past it,
 * mmap of the first page and of a page past the end.  Results are return
 * values or errno names, nothing that depends on the addresses the
 * firmware chose, so two kernels on the same machine must print the
 * same table.
 *
 * pci-abi --hostile [BDF]: each line goes on with how the file answers bad
 * input: odd sizes and offsets, negative and huge offsets, writes of an
 * invalid size or out of range (never a write that reaches a device but
 * the config space's read-only IDs, written with what they hold), mmap of
 * a wrong length, offset, protection or sharing, and opening as nobody.
 * Run under each lockdown mode, it gives the table of bad input.
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
#include <sys/wait.h>
#include <unistd.h>

#define SYSDEV "/sys/bus/pci/devices"

static const char *res(long long ret)
{
	static char buf[32][32];
	static int i;

	i = (i + 1) % 32;
	if (ret >= 0)
		snprintf(buf[i], sizeof(buf[i]), "%lld", ret);
	else
		snprintf(buf[i], sizeof(buf[i]), "%s", strerrorname_np(errno) ?: "E?");
	return buf[i];
}

static int hostile;

static const char *try_mmap_as(int fd, off_t off, size_t len, int prot, int flags)
{
	void *m = mmap(NULL, len, prot, flags, fd, off);

	if (m == MAP_FAILED)
		return res(-1);
	munmap(m, len ? len : 1);
	return "ok";
}

static const char *try_mmap(int fd, off_t off)
{
	return try_mmap_as(fd, off, 4096, PROT_READ, MAP_SHARED);
}

/* What opening @path read-only and reading it answers for user nobody */
static const char *as_nobody(const char *path)
{
	static char out[64];
	int pipefd[2], status;
	pid_t pid;
	ssize_t n;

	if (pipe(pipefd))
		return "E?";
	pid = fork();
	if (pid == 0) {
		char buf[256];
		int fd;

		close(pipefd[0]);
		if (setgid(65534) || setuid(65534))
			_exit(1);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			dprintf(pipefd[1], "open=%s", res(-1));
		else
			dprintf(pipefd[1], "read=%s", res(pread(fd, buf, sizeof(buf), 0)));
		_exit(0);
	}
	close(pipefd[1]);
	n = read(pipefd[0], out, sizeof(out) - 1);
	out[n > 0 ? n : 0] = 0;
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	return out;
}

static void probe_hostile(const char *path, const char *name, long long size)
{
	char buf[4] = {};
	int fd = open(path, O_RDONLY), wfd;
	const char *rd3, *rdodd, *rdneg, *rdhuge, *skneg, *skendneg, *skhuge, *skdata;
	const char *wr3, *wrpast, *wrneg, *mlen0, *mbig, *modd, *mwrite, *mpriv, *mexec;

	if (fd < 0) {
		printf(" hostile=open:%s", res(-1));
		return;
	}
	rd3 = res(pread(fd, buf, 3, 0));
	rdodd = res(pread(fd, buf, 1, 1));
	rdneg = res(pread(fd, buf, 1, -1));
	rdhuge = res(pread(fd, buf, 1, 1LL << 62));
	skneg = res(lseek(fd, -1, SEEK_SET));
	skendneg = res(lseek(fd, -1, SEEK_END));
	skhuge = res(lseek(fd, 1LL << 62, SEEK_SET));
	skdata = res(lseek(fd, 0, SEEK_DATA));
	mlen0 = try_mmap_as(fd, 0, 0, PROT_READ, MAP_SHARED);
	mbig = try_mmap_as(fd, 0, ((size + 4095) & ~4095LL) + 4096, PROT_READ, MAP_SHARED);
	modd = try_mmap_as(fd, 1, 4096, PROT_READ, MAP_SHARED);
	mwrite = try_mmap_as(fd, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	mpriv = try_mmap_as(fd, 0, 4096, PROT_READ, MAP_PRIVATE);
	mexec = try_mmap_as(fd, 0, 4096, PROT_READ | PROT_EXEC, MAP_SHARED);
	close(fd);

	/*
	 * Writes: 3 bytes (an I/O BAR refuses the size before any port
	 * access; a memory BAR has no write; the config space gets back the
	 * read-only IDs it holds), 1 byte past the end, 1 byte at -1.  The
	 * rom is left alone: writing it switches the ROM on or off.
	 */
	wr3 = wrpast = wrneg = "-";
	wfd = strcmp(name, "rom") ? open(path, O_RDWR) : -1;
	if (wfd >= 0) {
		if (pread(wfd, buf, 3, 0) != 3)
			memset(buf, 0, sizeof(buf));
		wr3 = res(pwrite(wfd, buf, 3, 0));
		wrpast = res(pwrite(wfd, buf, 1, size));
		wrneg = res(pwrite(wfd, buf, 1, -1));
		close(wfd);
	}
	printf(" read3=%s readodd=%s readneg=%s readhuge=%s seekneg=%s seekendneg=%s seekhuge=%s seekdata=%s"
	       " write3=%s writepast=%s writeneg=%s mmaplen0=%s mmapbig=%s mmapodd=%s mmaprw=%s"
	       " mmappriv=%s mmapexec=%s nobody:%s",
	       rd3, rdodd, rdneg, rdhuge, skneg, skendneg, skhuge, skdata, wr3, wrpast, wrneg,
	       mlen0, mbig, modd, mwrite, mpriv, mexec, as_nobody(path));
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
	printf("%s %s %04o %lld read0=%s readend=%s seekend=%s seekpast=%s mmap0=%s mmappast=%s",
	       dev, name, st.st_mode & 07777, size, r0, rend, send, spast, m0, mpast);
	close(fd);
	if (hostile)
		probe_hostile(path, name, size);
	putchar('\n');
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

	if (argc > 1 && !strcmp(argv[1], "--hostile")) {
		hostile = 1;
		argc--;
		argv++;
	}
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
