/* sysinfo() (Linux <sys/sysinfo.h>): uptime, memory and thread counts. */
#ifndef __NOLIBC_SYS_SYSINFO_H__
#define __NOLIBC_SYS_SYSINFO_H__

struct sysinfo {
	long uptime;			/* seconds since boot */
	unsigned long loads[3];		/* 1, 5, 15 min, scaled by 65536 */
	unsigned long totalram;
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;		/* threads */
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;		/* the unit of the *ram fields */
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};

int sysinfo(struct sysinfo *info);
int get_nprocs(void);
int get_nprocs_conf(void);

#endif /* __NOLIBC_SYS_SYSINFO_H__ */
