// SPDX-License-Identifier: GPL-2.0
/*
 * pci-time run CMD [ARG...]: run CMD, print "@@us N", the microseconds
 *	it took (busybox's date has no sub-second clock).
 * pci-time exists|gone PATH [LINE]: print LINE to stderr, the console
 *	(e.g. "@@host add hp1", which makes the host act; stdout may be a
 *	pipe), then poll PATH every 100 us until it
 *	exists (or is gone); print "@@us N", the microseconds from LINE on,
 *	or fail after 60 s.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	long long t0;
	int status, want;

	if (argc >= 3 && !strcmp(argv[1], "run")) {
		pid_t pid;

		t0 = now_us();
		pid = fork();
		if (pid == 0) {
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		waitpid(pid, &status, 0);
		printf("@@us %lld\n", now_us() - t0);
		return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	}
	if (argc < 3 || (strcmp(argv[1], "exists") && strcmp(argv[1], "gone"))) {
		fprintf(stderr, "usage: %s run CMD... | exists|gone PATH [LINE]\n", argv[0]);
		return 2;
	}
	want = !strcmp(argv[1], "exists");
	if (argc > 3) {
		fprintf(stderr, "%s\n", argv[3]);
	}
	t0 = now_us();
	while ((access(argv[2], F_OK) == 0) != want) {
		if (now_us() - t0 > 60000000LL) {
			fprintf(stderr, "%s: still %s after 60 s\n", argv[2], want ? "missing" : "there");
			return 1;
		}
		usleep(100);
	}
	printf("@@us %lld\n", now_us() - t0);
	return 0;
}
