/* Sockets (POSIX.1-2017 <sys/socket.h>), Linux x86_64 values. */
#ifndef __SYS_SOCKET_H__
#define __SYS_SOCKET_H__

#include <sys/types.h>
#include <sys/uio.h>

typedef unsigned int socklen_t;
typedef unsigned short sa_family_t;

struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};

struct sockaddr_storage {
	sa_family_t ss_family;
	char __ss_data[126];
} __attribute__((aligned(8)));

struct msghdr {
	void *msg_name;
	socklen_t msg_namelen;
	struct iovec *msg_iov;
	size_t msg_iovlen;
	void *msg_control;
	size_t msg_controllen;
	int msg_flags;
};

#define AF_UNSPEC	0
#define AF_UNIX		1
#define AF_LOCAL	AF_UNIX
#define AF_INET		2
#define AF_INET6	10
#define AF_MAX		46
#define PF_UNSPEC	AF_UNSPEC
#define PF_UNIX		AF_UNIX
#define PF_LOCAL	AF_LOCAL
#define PF_INET		AF_INET
#define PF_INET6	AF_INET6

#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3
#define SOCK_SEQPACKET	5
#define SOCK_NONBLOCK	04000		/* O_NONBLOCK */
#define SOCK_CLOEXEC	02000000	/* O_CLOEXEC */

#define MSG_OOB		0x0001
#define MSG_PEEK	0x0002
#define MSG_TRUNC	0x0020
#define MSG_DONTWAIT	0x0040
#define MSG_EOR		0x0080
#define MSG_WAITALL	0x0100
#define MSG_NOSIGNAL	0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SOL_SOCKET	1
#define SO_DEBUG	1
#define SO_REUSEADDR	2
#define SO_TYPE		3
#define SO_ERROR	4
#define SO_SNDBUF	7
#define SO_RCVBUF	8
#define SO_KEEPALIVE	9
#define SO_ACCEPTCONN	30
#define SO_PROTOCOL	38
#define SO_DOMAIN	39

#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

#define SOMAXCONN	4096

int socket(int family, int type, int protocol);
int socketpair(int family, int type, int protocol, int *sv);
int bind(int sock, const struct sockaddr *addr, socklen_t addr_len);
int listen(int sock, int backlog);
int accept(int sock, struct sockaddr *restrict addr,
	   socklen_t *restrict addr_len);
int accept4(int sock, struct sockaddr *restrict addr,
	    socklen_t *restrict addr_len, int flags);
int connect(int sock, const struct sockaddr *addr, socklen_t addr_len);
int shutdown(int sock, int how);
int getsockname(int sock, struct sockaddr *restrict addr,
		socklen_t *restrict addr_len);
int getpeername(int sock, struct sockaddr *restrict addr,
		socklen_t *restrict addr_len);
int getsockopt(int sock, int level, int optname, void *restrict optval,
	       socklen_t *restrict optlen);
int setsockopt(int sock, int level, int optname, const void *optval,
	       socklen_t optlen);
ssize_t send(int sock, const void *buf, size_t len, int flags);
ssize_t recv(int sock, void *buf, size_t len, int flags);
ssize_t sendto(int sock, const void *buf, size_t len, int flags,
	       const struct sockaddr *dest_addr, socklen_t addrlen);
ssize_t recvfrom(int sock, void *restrict buf, size_t len, int flags,
		 struct sockaddr *restrict from, socklen_t *restrict fromlen);
ssize_t sendmsg(int sock, const struct msghdr *msg, int flags);
ssize_t recvmsg(int sock, struct msghdr *msg, int flags);

#endif /* __SYS_SOCKET_H__ */
