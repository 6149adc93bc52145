// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * topo.c - NUMA nodes, their CPUs and distances.  libnuma on the real
 * system; when the sysfs root is redirected (a fixture tree) libnuma would
 * still read the real /sys, so the fixture's devices/system/node/nodeN/
 * {cpulist,distance} are read directly instead.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <numa.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "isold.h"
#include "log.h"
#include "paths.h"

/*
 * libnuma calls these on errors; its defaults print, and numa_warn may
 * exit.  A daemon does neither: log at debug level and carry on.
 */
void numa_error(char *where)
{
	log_debug("libnuma: %s failed", where);
}

void numa_warn(int num, char *fmt, ...)
{
	(void)num;
	(void)fmt;
	log_debug("libnuma warning %d", num);
}

static void single_node(struct topo *t, const cpu_set_t *online)
{
	t->nnodes = 1;
	t->id[0] = 0;
	t->cpus[0] = *online;
	t->dist[0][0] = 10;
}

static int load_fixture(struct topo *t, const cpu_set_t *online)
{
	char dir[4096], path[4200], buf[4096];
	struct dirent *e;
	DIR *dp;
	int i, j;

	isol_path(ISOL_ROOT_SYSFS, "devices/system/node", dir, sizeof(dir));
	dp = opendir(dir);
	if (!dp) {
		single_node(t, online);
		return 0;
	}
	t->nnodes = 0;
	while ((e = readdir(dp)) && t->nnodes < ISOLD_MAX_NODES) {
		if (strncmp(e->d_name, "node", 4) ||
		    !isdigit((unsigned char)e->d_name[4]))
			continue;
		strfmt(path, sizeof(path), "%s/%s/cpulist", dir, e->d_name);
		if (read_text_file(path, buf, sizeof(buf)) < 0 ||
		    cpulist_parse(buf, &t->cpus[t->nnodes]))
			continue;
		t->id[t->nnodes++] = atoi(e->d_name + 4);
	}
	closedir(dp);
	if (!t->nnodes) {
		single_node(t, online);
		return 0;
	}
	/* Sort by id so distance columns line up. */
	for (i = 0; i < t->nnodes; i++)
		for (j = i + 1; j < t->nnodes; j++)
			if (t->id[j] < t->id[i]) {
				int id = t->id[i];
				cpu_set_t c = t->cpus[i];

				t->id[i] = t->id[j];
				t->cpus[i] = t->cpus[j];
				t->id[j] = id;
				t->cpus[j] = c;
			}
	for (i = 0; i < t->nnodes; i++) {
		char *p, *end;

		strfmt(path, sizeof(path), "%s/node%d/distance", dir,
			 t->id[i]);
		for (j = 0; j < t->nnodes; j++)
			t->dist[i][j] = i == j ? 10 : 20;
		if (read_text_file(path, buf, sizeof(buf)) < 0)
			continue;
		/* The distance file has one column per node id, in order. */
		for (p = buf, j = 0; j < t->nnodes; j++, p = end) {
			long v = strtol(p, &end, 10);

			if (end == p)
				break;
			t->dist[i][j] = (int)v;
		}
	}
	return 0;
}

static int load_libnuma(struct topo *t, const cpu_set_t *online)
{
	struct bitmask *bm;
	int node, max, i, j;
	unsigned int cpu;

	if (numa_available() < 0) {
		single_node(t, online);
		return 0;
	}
	bm = numa_allocate_cpumask();
	if (!bm)
		return -ENOMEM;
	max = numa_max_node();
	t->nnodes = 0;
	for (node = 0; node <= max && t->nnodes < ISOLD_MAX_NODES; node++) {
		if (!numa_bitmask_isbitset(numa_nodes_ptr, (unsigned int)node))
			continue;
		if (numa_node_to_cpus(node, bm))
			continue;
		CPU_ZERO(&t->cpus[t->nnodes]);
		for (cpu = 0; cpu < bm->size && cpu < CPU_SETSIZE; cpu++)
			if (numa_bitmask_isbitset(bm, cpu))
				CPU_SET(cpu, &t->cpus[t->nnodes]);
		t->id[t->nnodes++] = node;
	}
	numa_free_cpumask(bm);
	if (!t->nnodes) {
		single_node(t, online);
		return 0;
	}
	for (i = 0; i < t->nnodes; i++)
		for (j = 0; j < t->nnodes; j++)
			t->dist[i][j] = numa_distance(t->id[i], t->id[j]) ?:
					(i == j ? 10 : 20);
	return 0;
}

int topo_load(struct topo *t, const cpu_set_t *online)
{
	memset(t, 0, sizeof(*t));
	if (strcmp(isol_paths_root(ISOL_ROOT_SYSFS), "/sys"))
		return load_fixture(t, online);
	return load_libnuma(t, online);
}

int topo_index(const struct topo *t, int node)
{
	int i;

	for (i = 0; i < t->nnodes; i++)
		if (t->id[i] == node)
			return i;
	return -1;
}

int topo_node_of_cpu(const struct topo *t, int cpu)
{
	int i;

	for (i = 0; i < t->nnodes; i++)
		if (CPU_ISSET(cpu, &t->cpus[i]))
			return t->id[i];
	return -1;
}

/*
 * The caller's numa_maps is read up to NUMA_MAPS_MAX bytes: its size is
 * the caller's to choose (about 65,530 mappings of a 4 KB path make
 * 240 MB, seconds of isold's time per CLAIM while every other client
 * waits), and the preference is a heuristic.  That much covers about
 * 4,000 ordinary mappings.
 */
#define NUMA_MAPS_MAX	(512 * 1024)

int topo_memory_node(pid_t pid)
{
	unsigned long long pages[ISOLD_MAX_NODES] = { 0 }, best = 0;
	char path[64], line[4096];
	size_t total = 0;
	int node = -1, i;
	FILE *f;

	strfmt(path, sizeof(path), "/proc/%d/numa_maps", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (total < NUMA_MAPS_MAX && fgets(line, sizeof(line), f)) {
		char *p = line;

		total += strlen(line) + 1;

		while ((p = strstr(p, " N"))) {
			int n;
			unsigned long long v;

			if (sscanf(p, " N%d=%llu", &n, &v) == 2 && n >= 0 &&
			    n < ISOLD_MAX_NODES)
				pages[n] += v;
			p += 2;
		}
	}
	fclose(f);
	for (i = 0; i < ISOLD_MAX_NODES; i++)
		if (pages[i] > best) {
			best = pages[i];
			node = i;
		}
	return node;
}
