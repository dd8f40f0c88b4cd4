/* Unix-domain socket addresses (POSIX.1-2017 <sys/un.h>). */
#ifndef __SYS_UN_H__
#define __SYS_UN_H__

#include <sys/socket.h>

struct sockaddr_un {
	sa_family_t sun_family;		/* AF_UNIX */
	char sun_path[108];		/* sun_path[0] == 0: abstract name */
};

#endif /* __SYS_UN_H__ */
