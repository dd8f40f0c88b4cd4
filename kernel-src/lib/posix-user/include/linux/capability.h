/* capget/capset's records (Linux <linux/capability.h>). */
#ifndef __LINUX_CAPABILITY_H__
#define __LINUX_CAPABILITY_H__

#include <stdint.h>

#define _LINUX_CAPABILITY_VERSION_1	0x19980330	/* one data record */
#define _LINUX_CAPABILITY_U32S_1	1
#define _LINUX_CAPABILITY_VERSION_2	0x20071026	/* two */
#define _LINUX_CAPABILITY_U32S_2	2
#define _LINUX_CAPABILITY_VERSION_3	0x20080522	/* two */
#define _LINUX_CAPABILITY_U32S_3	2

typedef struct __user_cap_header_struct {
	uint32_t version;
	int pid;
} *cap_user_header_t;

typedef struct __user_cap_data_struct {
	uint32_t effective;
	uint32_t permitted;
	uint32_t inheritable;
} *cap_user_data_t;

#define CAP_LAST_CAP	40

int capget(cap_user_header_t hdrp, cap_user_data_t datap);
int capset(cap_user_header_t hdrp, const cap_user_data_t datap);

#endif /* __LINUX_CAPABILITY_H__ */
