// SPDX-License-Identifier: GPL-2.0
/*
 * as-nobody PROGRAM [ARG]...: run PROGRAM as uid and gid 65534, with no
 * supplementary groups: how the guest runs a test as an unprivileged user
 * (busybox has no su without a password database).
 */
#include <grp.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: as-nobody PROGRAM [ARG]...\n");
		return 2;
	}
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
		perror("as-nobody");
		return 2;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
