/* A small reader of the flattened device tree that QEMU passes (Devicetree
 * Specification v0.4, chapter 5: header, structure block, strings). */
#ifndef __ARM64_FDT_H__
#define __ARM64_FDT_H__

#include <uk/essentials.h>

#define FDT_MAGIC	0xd00dfeed

/* Nodes are offsets into the structure block; -1 is "none". */
int fdt_check(const void *fdt);			/* 0 if it is an FDT */
__u32 fdt_total_size(const void *fdt);
/* First node at or after `from` (exclusive; -1 = the root itself
 * included) whose name is `name` or starts with `name@`, at any depth */
int fdt_find_node(const void *fdt, int from, const char *name);
/* First node after `from` whose "compatible" list holds `compat` */
int fdt_find_compatible(const void *fdt, int from, const char *compat);
/* The direct children of `parent`, in turn: first with prev = -1 */
int fdt_next_child(const void *fdt, int parent, int prev);
/* A property of a node: its bytes and length, NULL if absent */
const void *fdt_getprop(const void *fdt, int node, const char *name,
			int *len);
/* #address-cells and #size-cells that apply to the children of `node` */
int fdt_address_cells(const void *fdt, int node);
int fdt_size_cells(const void *fdt, int node);
/* Entry i of a "reg" property: address and size of `cells` big-endian
 * words each (as fdt_get_address in Unikraft's fixed version: cells are
 * read one by one, any count up to 2). 0, or -1 past the end. */
int fdt_get_address(const void *fdt, int node, int i, __u64 *addr,
		    __u64 *size);
/* The parent of a node (by scanning from the root), -1 for the root */
int fdt_parent(const void *fdt, int node);
/* Whether string `s` is in the NUL-separated list prop[0 .. len) */
int fdt_stringlist_contains(const char *prop, int len, const char *s);

#endif /* __ARM64_FDT_H__ */
