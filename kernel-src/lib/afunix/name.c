/* The AF_UNIX name space: names (paths, or abstract names that start with
 * a zero byte) bound to sockets. There is no file system: a name exists
 * until its socket is closed. */
#include <errno.h>
#include <string.h>
#include "afunix_impl.h"

#define PATH_OFFSET	__offsetof(struct sockaddr_un, sun_path)

/* The bound sockets: a small table, searched by name. */
static struct afunix_sock *bound[64];
static __spinlock names_lock = UK_SPINLOCK_INITIALIZER();

/* A name's bytes and length: paths end at their first zero byte. */
int name_parse(const struct sockaddr *addr, socklen_t len,
	       struct sockaddr_un *out, socklen_t *out_len)
{
	const struct sockaddr_un *un = (const struct sockaddr_un *)addr;
	size_t n;

	if (!addr)
		return -EFAULT;
	if (len <= PATH_OFFSET || len > sizeof(*un))
		return -EINVAL;
	if (un->sun_family != AF_UNIX)
		return -EINVAL;
	n = len - PATH_OFFSET;
	if (un->sun_path[0])
		n = strnlen(un->sun_path, n);
	memset(out, 0, sizeof(*out));
	out->sun_family = AF_UNIX;
	memcpy(out->sun_path, un->sun_path, n);
	*out_len = (socklen_t)(PATH_OFFSET + n + (un->sun_path[0] ? 1 : 0));
	return 0;
}

static int same(const struct afunix_sock *s, const struct sockaddr_un *a,
		socklen_t len)
{
	return s->addr_len == len && !memcmp(&s->addr, a, len);
}

static int slot_of(const struct sockaddr_un *a, socklen_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bound); i++) {
		if (bound[i] && same(bound[i], a, len))
			return (int)i;
	}
	return -1;
}

static int free_slot(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bound); i++) {
		if (!bound[i])
			return (int)i;
	}
	return -1;
}

int name_bind(struct afunix_sock *s, const struct sockaddr *addr,
	      socklen_t len)
{
	struct sockaddr_un a;
	unsigned long irqf;
	socklen_t alen;
	int rc, slot;

	rc = name_parse(addr, len, &a, &alen);
	if (rc)
		return rc;
	if (s->addr_len)
		return -EINVAL;		/* already has a name */
	uk_spin_lock_irqsave(&names_lock, irqf);
	slot = free_slot();
	if (slot_of(&a, alen) >= 0) {
		rc = -EADDRINUSE;
	} else if (slot < 0) {
		rc = -ENOSPC;
	} else {
		s->addr = a;
		s->addr_len = alen;
		s->bound = 1;
		bound[slot] = s;
	}
	uk_spin_unlock_irqrestore(&names_lock, irqf);
	return rc;
}

void name_unbind(struct afunix_sock *s)
{
	unsigned long irqf;
	unsigned int i;

	if (!s->bound)
		return;
	uk_spin_lock_irqsave(&names_lock, irqf);
	for (i = 0; i < ARRAY_SIZE(bound); i++) {
		if (bound[i] == s)
			bound[i] = NULL;
	}
	s->bound = 0;
	uk_spin_unlock_irqrestore(&names_lock, irqf);
}

struct afunix_sock *name_lookup(const struct sockaddr *addr, socklen_t len,
				int *err)
{
	struct afunix_sock *s = NULL;
	struct sockaddr_un a;
	unsigned long irqf;
	socklen_t alen;
	int i;

	*err = name_parse(addr, len, &a, &alen);
	if (*err)
		return NULL;
	uk_spin_lock_irqsave(&names_lock, irqf);
	i = slot_of(&a, alen);
	if (i >= 0) {
		s = bound[i];
		sock_get(s);
	}
	uk_spin_unlock_irqrestore(&names_lock, irqf);
	if (!s)
		*err = -ECONNREFUSED;
	return s;
}
