// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * record.c - the whitelist record with its evidence, written with the one
 * record writer (libisol/common/record.h, shared with isold) and read back
 * with the same parser before it is saved, so isold accepts what we write.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certify.h"
#include "fileio.h"
#include "profiles.h"
#include "record.h"
#include "util.h"

int certify_record(const struct certify_result *res, const char *path)
{
	struct isol_record r;
	struct isol_recset set = { 0 };
	struct conf_err err = { 0 };
	char *buf = NULL;
	size_t len = 0;
	struct tm tm;
	time_t now = time(NULL);
	FILE *f;
	int ret;

	memset(&r, 0, sizeof(r));
	snprintf(r.syscall, sizeof(r.syscall), "%s", res->pr->syscall);
	/* the rule the profile measured: the grant is no wider than that */
	snprintf(r.args, sizeof(r.args), "%s", res->rule);
	snprintf(r.profile, sizeof(r.profile), "%s", res->pr->name);
	r.abis = REC_ABI_X86_64;	/* measured through the 64-bit entry */
	r.abis_explicit = true;
	r.status = res->certified ? REC_CERTIFIED : REC_REVOKED;
	snprintf(r.certified_by, sizeof(r.certified_by), "isol-certify %s",
		 TOOLS_VERSION);
	snprintf(r.kernel, sizeof(r.kernel), "%s", res->kernel);
	if (!strncmp(res->config_hash, "sha256:", 7))
		snprintf(r.config_sha256, sizeof(r.config_sha256), "%s",
			 res->config_hash + 7);
	snprintf(r.load, sizeof(r.load), "%s", res->load);
	r.samples = res->st->n;
	r.p9999_ns = res->st->p9999;
	r.max_ns = res->st->max;
	gmtime_r(&now, &tm);
	strftime(r.date, sizeof(r.date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(r.note, sizeof(r.note), "%s", res->note);

	f = open_memstream(&buf, &len);
	if (!f)
		return -errno;
	fprintf(f, "# Written by isol-certify on CPU %d; see isol-certify(8).\n",
		res->cpu);
	ret = record_write(f, &r);
	if (fclose(f) && !ret)
		ret = -EIO;
	if (ret)
		goto out;
	/* read it back with isold's parser */
	ret = record_parse_buf(path, buf, len, &set, &err);
	recset_free(&set);
	if (ret) {
		fprintf(stderr, "isol-certify: internal error, isold rejects the record: %s\n",
			err.msg);
		goto out;
	}
	if (!strcmp(path, "-")) {
		fputs(buf, stdout);
		fflush(stdout);
	} else {
		char why[128] = "";

		ret = write_file_atomic(path, buf, len, 0644, why, sizeof(why));
		if (ret)
			fprintf(stderr, "isol-certify: cannot write %s: %s%s%s\n",
				path, ret == -EPERM && why[0] ?
				"its directory is not safe: " : strerror(-ret),
				ret == -EPERM && why[0] ? why : "",
				ret == -EPERM && why[0] ?
				" (another user could replace the record)" : "");
	}
out:
	free(buf);
	return ret;
}
