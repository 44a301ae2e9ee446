/*
 * /init of the powerpc guest (scripts/ppc.sh), built against the kernel's
 * own nolibc: no shell and no libc exist in that guest.  It prints lines
 * the host compares between the base and the series, in each lockdown mode
 * in turn (it raises lockdown itself), then powers off:
 *
 *   mode MODE                  what follows, up to "done", is under MODE
 *   bus BUS                    every PCI bus
 *   file BUS NAME MODE SIZE    every legacy file of every bus
 *   op FILE OP RESULT          what read, write and mmap of the legacy files
 *                              and of an I/O BAR's resource0 answer
 *   byte HOW VALUE             bytes sent through legacy_io, read back from
 *                              a 16550's scratch register through resource0
 *
 * The 16550 is QEMU's pci-serial (1b36:0002), which no driver claims here.
 */
#include <linux/mman.h>
#include <linux/pci_regs.h>

#define SERIAL_VENDOR 0x1b36
#define SERIAL_DEVICE 0x0002
#define SCR 7			/* 16550 scratch register */

static char bus[32], bar[128], legacy_io[128], legacy_mem[128];
static unsigned long port;	/* the BAR's first port, a bus address */

/* dst = a b c: nolibc has no snprintf */
static char *join(char *dst, size_t size, const char *a, const char *b, const char *c)
{
	strlcpy(dst, a, size);
	strlcat(dst, b, size);
	strlcat(dst, c, size);
	return dst;
}

static int slurp(const char *path, char *buf, int len)
{
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

static unsigned long hex(const char *s)
{
	unsigned long v = 0;

	if (s[0] == '0' && s[1] == 'x')
		s += 2;
	for (; *s; s++) {
		int d = *s >= 'a' ? *s - 'a' + 10 : *s - '0';

		if (d < 0 || d > 15)
			break;
		v = v * 16 + d;
	}
	return v;
}

/* nolibc's printf has no %o */
static const char *octal(unsigned int v)
{
	static char buf[8];
	int i = sizeof(buf) - 1;

	buf[i] = 0;
	do {
		buf[--i] = '0' + (v & 7);
		v >>= 3;
	} while (v && i);
	return buf + i;
}

static const char *result(long ret)
{
	static char buf[32];

	if (ret >= 0) {
		return join(buf, sizeof(buf), "ok=", ltoa(ret), "");
	}
	switch (errno) {
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case ENXIO: return "ENXIO";
	case ENODEV: return "ENODEV";
	case EIO: return "EIO";
	case EFBIG: return "EFBIG";
	case EACCES: return "EACCES";
	}
	return join(buf, sizeof(buf), "errno=", ltoa(errno), "");
}

static long pio(const char *path, int write_, unsigned long off, void *buf, int len)
{
	int fd = open(path, write_ ? O_WRONLY : O_RDONLY);
	long ret;

	if (fd < 0)
		return -1;
	ret = lseek(fd, off, SEEK_SET);
	if (ret >= 0)
		ret = write_ ? write(fd, buf, len) : read(fd, buf, len);
	close(fd);
	return ret;
}

static long map(const char *path, unsigned long off)
{
	int fd = open(path, O_RDWR);
	void *p;

	if (fd < 0)
		return -1;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	munmap(p, 4096);
	return 0;
}

/* Call @fn with the name of each entry of directory @dir but . and .. */
static void each_entry(const char *dir, void (*fn)(const char *name))
{
	char dirbuf[4096];
	struct linux_dirent64 *d;
	int fd, n, off;

	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return;
	while ((n = getdents64(fd, (void *)dirbuf, sizeof(dirbuf))) > 0) {
		for (off = 0; off < n; off += d->d_reclen) {
			d = (void *)(dirbuf + off);
			if (d->d_name[0] != '.')
				fn(d->d_name);
		}
	}
	close(fd);
}

/* The bus and its legacy files */
static void list_bus(const char *name)
{
	static const char *const names[] = {
		"legacy_io", "legacy_mem", "legacy_io_sparse", "legacy_mem_sparse",
	};
	char path[256];
	struct stat st;
	unsigned int i;

	printf("bus %s\n", name);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		join(path, sizeof(path), "/sys/class/pci_bus/", name, "/");
		strlcat(path, names[i], sizeof(path));
		if (stat(path, &st) == 0)
			printf("file %s %s %s %ld\n", name, names[i],
			       octal(st.st_mode & 07777), (long)st.st_size);
	}
}

/* If the device is a 16550: its bus, its BAR, and I/O decoding on */
static void find_serial(const char *name)
{
	char path[256], buf[256];
	unsigned char cfg[4];

	join(path, sizeof(path), "/sys/bus/pci/devices/", name, "/vendor");
	slurp(path, buf, sizeof(buf));
	if (hex(buf) != SERIAL_VENDOR)
		return;
	join(path, sizeof(path), "/sys/bus/pci/devices/", name, "/device");
	slurp(path, buf, sizeof(buf));
	if (hex(buf) != SERIAL_DEVICE)
		return;
	/* 0000:00:05.0 -> bus 0000:00 */
	strlcpy(bus, name, 8);
	join(bar, sizeof(bar), "/sys/bus/pci/devices/", name, "/resource0");
	/* legacy_io takes bus addresses: BAR 0 as the device has it */
	join(path, sizeof(path), "/sys/bus/pci/devices/", name, "/config");
	if (pio(path, 0, PCI_BASE_ADDRESS_0, cfg, 4) == 4)
		port = (cfg[0] | cfg[1] << 8 | cfg[2] << 16 |
			(unsigned long)cfg[3] << 24) & ~3UL;
	/* No driver enabled its I/O decoding: do it here */
	if (pio(path, 0, PCI_COMMAND, cfg, 1) == 1) {
		cfg[0] |= PCI_COMMAND_IO;
		pio(path, 1, PCI_COMMAND, cfg, 1);
	}
}

/* Every legacy file of every bus, and the bus and BAR of the 16550 */
static void scan(void)
{
	each_entry("/sys/class/pci_bus", list_bus);
	each_entry("/sys/bus/pci/devices", find_serial);
	join(legacy_io, sizeof(legacy_io), "/sys/class/pci_bus/", bus, "/legacy_io");
	join(legacy_mem, sizeof(legacy_mem), "/sys/class/pci_bus/", bus, "/legacy_mem");
}

static unsigned char bar_scr(void)
{
	unsigned char v = 0;

	pio(bar, 0, SCR, &v, 1);
	return v;
}

/* What read, write and mmap of the legacy files and of resource0 answer */
static void ops(void)
{
	unsigned char b[4], v;

	/* The scratch register through resource0, then through legacy_io */
	v = 0x5a;
	pio(bar, 1, SCR, &v, 1);
	v = 0;
	printf("op legacy_io read1 %s\n", result(pio(legacy_io, 0, port + SCR, &v, 1)));
	printf("byte bar-write-5a-legacy-read 0x%x\n", v);

	b[0] = 0xa5;
	printf("op legacy_io write1 %s\n", result(pio(legacy_io, 1, port + SCR, b, 1)));
	printf("byte legacy-write-a5-bar-read 0x%x\n", bar_scr());

	/* 2 bytes at the even port below: 0x11 to port 6, 0x22 to port 7 */
	b[0] = 0x11;
	b[1] = 0x22;
	printf("op legacy_io write2 %s\n", result(pio(legacy_io, 1, port + SCR - 1, b, 2)));
	printf("byte legacy-write-1122-bar-read 0x%x\n", bar_scr());

	printf("op legacy_io write3 %s\n", result(pio(legacy_io, 1, port + SCR, b, 3)));
	printf("op legacy_io mmap %s\n", result(map(legacy_io, 0)));
	printf("op legacy_mem read1 %s\n", result(pio(legacy_mem, 0, 0, b, 1)));
	printf("op legacy_mem mmap %s\n", result(map(legacy_mem, 0)));
	printf("op resource0 read1 %s\n", result(pio(bar, 0, SCR, b, 1)));
	b[0] = 0x5a;
	printf("op resource0 write1 %s\n", result(pio(bar, 1, SCR, b, 1)));
	printf("op resource0 mmap %s\n", result(map(bar, 0)));
}

int main(void)
{
	static const char *const modes[] = { "none", "integrity", "confidentiality" };
	unsigned int i;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL);
	printf("mode none\n");
	scan();
	if (!bar[0]) {
		printf("error: no pci-serial device\n");
		reboot(LINUX_REBOOT_CMD_POWER_OFF);
	}
	printf("serial %s port 0x%lx\n", bar, port);

	/*
	 * One boot answers in every lockdown mode: lockdown only ever rises,
	 * and securityfs raises it as lockdown= on the command line would.
	 */
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (i) {
			int fd = open("/sys/kernel/security/lockdown", O_WRONLY);

			if (fd < 0 || write(fd, modes[i], strlen(modes[i])) < 0) {
				printf("error: cannot raise lockdown to %s\n", modes[i]);
				break;
			}
			close(fd);
			printf("mode %s\n", modes[i]);
		}
		ops();
		printf("done\n");
	}
	reboot(LINUX_REBOOT_CMD_POWER_OFF);
	return 0;
}
