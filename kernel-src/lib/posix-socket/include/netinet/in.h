/* Internet addresses (POSIX.1-2017 <netinet/in.h>): types and constants
 * for an AF_INET family that a library may register. */
#ifndef __NETINET_IN_H__
#define __NETINET_IN_H__

#include <stdint.h>
#include <sys/socket.h>

typedef uint16_t in_port_t;
typedef uint32_t in_addr_t;

struct in_addr {
	in_addr_t s_addr;
};

struct sockaddr_in {
	sa_family_t sin_family;
	in_port_t sin_port;		/* network byte order */
	struct in_addr sin_addr;	/* network byte order */
	unsigned char sin_zero[8];
};

#define IPPROTO_IP	0
#define IPPROTO_TCP	6
#define IPPROTO_UDP	17

#define INADDR_ANY		((in_addr_t)0x00000000)
#define INADDR_LOOPBACK		((in_addr_t)0x7f000001)	/* host order */

/* x86_64 is little endian: network order is the other one. */
static inline uint16_t htons(uint16_t v) { return __builtin_bswap16(v); }
static inline uint16_t ntohs(uint16_t v) { return __builtin_bswap16(v); }
static inline uint32_t htonl(uint32_t v) { return __builtin_bswap32(v); }
static inline uint32_t ntohl(uint32_t v) { return __builtin_bswap32(v); }

#endif /* __NETINET_IN_H__ */
