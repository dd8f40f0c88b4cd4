/*
 * The flattened device tree: a header, a structure block of big-endian
 * tokens (BEGIN_NODE name, PROP len nameoff value, END_NODE, NOP, END),
 * and a strings block holding property names. Devicetree Specification
 * v0.4 §5. Only reading, only what the platform asks for: memory, CPUs,
 * PSCI, the UART and the GIC.
 */
#include <string.h>
#include "fdt.h"

#define TOK_BEGIN_NODE	1
#define TOK_END_NODE	2
#define TOK_PROP	3
#define TOK_NOP		4
#define TOK_END		9

struct fdt_header {
	__u32 magic, totalsize, off_dt_struct, off_dt_strings;
	__u32 off_mem_rsvmap, version, last_comp_version;
	__u32 boot_cpuid_phys, size_dt_strings, size_dt_struct;
};

static __u32 be32(const void *p)
{
	const __u8 *b = p;

	return (__u32)b[0] << 24 | (__u32)b[1] << 16 | (__u32)b[2] << 8 | b[3];
}

static const __u8 *struct_block(const void *fdt)
{
	const struct fdt_header *h = fdt;

	return (const __u8 *)fdt + be32(&h->off_dt_struct);
}

static const char *string_at(const void *fdt, __u32 off)
{
	const struct fdt_header *h = fdt;

	return (const char *)fdt + be32(&h->off_dt_strings) + off;
}

int fdt_check(const void *fdt)
{
	const struct fdt_header *h = fdt;

	if (!fdt || be32(&h->magic) != FDT_MAGIC)
		return -1;
	return be32(&h->version) >= 16 ? 0 : -1;
}

__u32 fdt_total_size(const void *fdt)
{
	return be32(&((const struct fdt_header *)fdt)->totalsize);
}

/* The token at `off`, and in *next the offset of the one after it */
static __u32 token(const void *fdt, int off, int *next)
{
	const __u8 *s = struct_block(fdt);
	__u32 tok = be32(s + off);
	int n = off + 4;

	switch (tok) {
	case TOK_BEGIN_NODE:
		n += strlen((const char *)s + n) + 1;
		break;
	case TOK_PROP:
		n += 8 + be32(s + n);
		break;
	}
	*next = (n + 3) & ~3;
	return tok;
}

static const char *node_name(const void *fdt, int node)
{
	return (const char *)struct_block(fdt) + node + 4;
}

static int name_matches(const char *node, const char *name)
{
	size_t n = strlen(name);

	return strncmp(node, name, n) == 0 &&
	       (node[n] == '\0' || node[n] == '@');
}

/* Walks every node after `from` in document order; stops when `match`
 * says so. from = -1 starts with the root. */
static int scan(const void *fdt, int from,
		int (*match)(const void *, int, const char *), const char *arg)
{
	int off = 0, next;
	__u32 tok;

	if (from >= 0)
		token(fdt, from, &off);	/* skip the BEGIN_NODE of `from` */
	for (;; off = next) {
		tok = token(fdt, off, &next);
		if (tok == TOK_END)
			return -1;
		if (tok == TOK_BEGIN_NODE && match(fdt, off, arg))
			return off;
	}
}

static int match_name(const void *fdt, int node, const char *name)
{
	return name_matches(node_name(fdt, node), name);
}

int fdt_find_node(const void *fdt, int from, const char *name)
{
	return scan(fdt, from, match_name, name);
}

int fdt_stringlist_contains(const char *prop, int len, const char *s)
{
	int i = 0;

	while (i < len) {
		if (strcmp(prop + i, s) == 0)
			return 1;
		i += strlen(prop + i) + 1;
	}
	return 0;
}

static int match_compat(const void *fdt, int node, const char *compat)
{
	int len;
	const char *p = fdt_getprop(fdt, node, "compatible", &len);

	return p && fdt_stringlist_contains(p, len, compat);
}

int fdt_find_compatible(const void *fdt, int from, const char *compat)
{
	return scan(fdt, from, match_compat, compat);
}

int fdt_next_child(const void *fdt, int parent, int prev)
{
	int off, next, depth = 0;
	__u32 tok;

	/* continue after prev's subtree, or at parent's first token */
	token(fdt, prev >= 0 ? prev : parent, &off);
	if (prev >= 0) {
		depth = 1;	/* inside prev: find its END_NODE first */
		for (;; off = next) {
			tok = token(fdt, off, &next);
			if (tok == TOK_BEGIN_NODE)
				depth++;
			else if (tok == TOK_END_NODE && --depth == 0)
				break;
			else if (tok == TOK_END)
				return -1;
		}
		off = next;
	}
	for (;; off = next) {
		tok = token(fdt, off, &next);
		if (tok == TOK_BEGIN_NODE) {
			if (depth == 0)
				return off;
			depth++;
		} else if (tok == TOK_END_NODE) {
			if (depth == 0)
				return -1;	/* parent ends */
			depth--;
		} else if (tok == TOK_END) {
			return -1;
		}
	}
}

const void *fdt_getprop(const void *fdt, int node, const char *name,
			int *len)
{
	const __u8 *s = struct_block(fdt);
	int off, next;
	__u32 tok;

	token(fdt, node, &off);
	for (;; off = next) {
		tok = token(fdt, off, &next);
		if (tok == TOK_NOP)
			continue;
		if (tok != TOK_PROP)	/* properties come before children */
			return NULL;
		if (strcmp(string_at(fdt, be32(s + off + 8)), name) == 0) {
			if (len)
				*len = be32(s + off + 4);
			return s + off + 12;
		}
	}
}

static int cells(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	return p && len == 4 ? (int)be32(p) : dflt;
}

int fdt_address_cells(const void *fdt, int node)
{
	return cells(fdt, node, "#address-cells", 2);
}

int fdt_size_cells(const void *fdt, int node)
{
	return cells(fdt, node, "#size-cells", 1);
}

int fdt_parent(const void *fdt, int node)
{
	int stack[16], depth = -1, off = 0, next;
	__u32 tok;

	for (;; off = next) {
		if (off == node)
			return depth >= 0 ? stack[depth] : -1;
		tok = token(fdt, off, &next);
		if (tok == TOK_BEGIN_NODE && depth < 15)
			stack[++depth] = off;
		else if (tok == TOK_END_NODE)
			depth--;
		else if (tok == TOK_END)
			return -1;
	}
}

/* A number of `n` cells (n <= 2), big-endian word by word */
static __u64 read_cells(const __u8 *p, int n)
{
	__u64 v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

int fdt_get_address(const void *fdt, int node, int i, __u64 *addr,
		    __u64 *size)
{
	int parent = fdt_parent(fdt, node);
	int ac = fdt_address_cells(fdt, parent);
	int sc = fdt_size_cells(fdt, parent);
	int len, entry = 4 * (ac + sc);
	const __u8 *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac > 2 || sc > 2 || entry == 0 || (i + 1) * entry > len)
		return -1;
	*addr = read_cells(reg + i * entry, ac);
	if (size)
		*size = read_cells(reg + i * entry + 4 * ac, sc);
	return 0;
}
