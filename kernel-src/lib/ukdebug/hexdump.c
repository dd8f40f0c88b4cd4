/* Hex dumps (<uk/hexdump.h>). One formatter writes lines through a sink:
 * a FILE, a string, or the console under its lock. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <uk/hexdump.h>
#include <uk/plat/console.h>

struct sink {
	FILE *fp;		/* or NULL: into buf */
	char *buf;
	size_t size, used;	/* used counts what would have been written */
};

static void sink_put(struct sink *s, const char *text)
{
	size_t n = strlen(text);

	if (s->fp)
		fputs(text, s->fp);
	else if (s->used < s->size)
		strncpy(s->buf + s->used, text, s->size - s->used);
	s->used += n;
}

static unsigned int group_bytes(int flags)
{
	if (flags & UK_HXDF_GRPQWORD)
		return 8;
	if (flags & UK_HXDF_GRPDWORD)
		return 4;
	if (flags & UK_HXDF_GRPWORD)
		return 2;
	return 1;
}

/* One line of up to `width` bytes at data[off]. */
static void dump_line(struct sink *s, const __u8 *data, size_t off,
		      size_t len, size_t addr0, int flags, unsigned int width,
		      const char *prefix)
{
	unsigned int grp = group_bytes(flags), i;
	char text[32];

	sink_put(s, prefix ? prefix : "");
	if (flags & UK_HXDF_ADDR) {
		snprintf(text, sizeof(text), "%08lx  ", (unsigned long)(addr0 + off));
		sink_put(s, text);
	}
	for (i = 0; i < width; i++) {
		if (off + i < len)
			snprintf(text, sizeof(text), "%02x", data[off + i]);
		else
			strcpy(text, "  ");
		sink_put(s, text);
		if ((i + 1) % grp == 0)
			sink_put(s, " ");
	}
	if (flags & UK_HXDF_ASCIISEC) {
		sink_put(s, " |");
		for (i = 0; i < width && off + i < len; i++) {
			__u8 c = data[off + i];

			text[0] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
			text[1] = '\0';
			sink_put(s, text);
		}
		sink_put(s, "|");
	}
	sink_put(s, "\n");
}

static int dump(struct sink *s, const void *data, size_t len, size_t addr0,
		int flags, unsigned int grps_per_line, const char *prefix)
{
	unsigned int width = group_bytes(flags) * (grps_per_line ? grps_per_line : 1);
	const __u8 *d = data;
	int starred = 0;
	size_t off;

	if (!data)
		return -EINVAL;
	for (off = 0; off < len; off += width) {
		if ((flags & UK_HXDF_COMPRESS) && off >= width &&
		    off + width <= len && !memcmp(d + off, d + off - width, width)) {
			if (!starred)
				sink_put(s, "*\n");
			starred = 1;
			continue;
		}
		starred = 0;
		dump_line(s, d, off, len, addr0, flags, width, prefix);
	}
	if ((flags & UK_HXDF_ADDR) && len) {
		char text[24];

		snprintf(text, sizeof(text), "%08lx\n", (unsigned long)(addr0 + len));
		sink_put(s, prefix ? prefix : "");
		sink_put(s, text);
	}
	return (int)s->used;
}

int uk_hexdumpf(FILE *fp, const void *data, size_t len, size_t addr0,
		int flags, unsigned int grps_per_line, const char *line_prefix)
{
	struct sink s = { .fp = fp };

	return dump(&s, data, len, addr0, flags, grps_per_line, line_prefix);
}

int uk_hexdumpsn(char *str, size_t size, const void *data, size_t len,
		 size_t addr0, int flags, unsigned int grps_per_line,
		 const char *line_prefix)
{
	struct sink s = { .buf = str, .size = size };
	int n = dump(&s, data, len, addr0, flags, grps_per_line, line_prefix);

	if (size)
		str[MIN(s.used, size - 1)] = '\0';
	return n;
}

void _uk_hexdumpk(int lvl, const char *libname, const char *srcname,
		  unsigned int srcline, const void *data, size_t len,
		  size_t addr0, int flags, unsigned int grps_per_line,
		  const char *line_prefix)
{
	unsigned long irqf = ukplat_console_lock();

	_uk_printk(lvl, libname, srcname, srcline, "hexdump of %zu bytes:\n", len);
	uk_hexdumpf(stdout, data, len, addr0, flags, grps_per_line, line_prefix);
	ukplat_console_unlock(irqf);
}

void _uk_hexdumpd(const char *libname, const char *srcname,
		  unsigned int srcline, const void *data, size_t len,
		  size_t addr0, int flags, unsigned int grps_per_line,
		  const char *line_prefix)
{
	unsigned long irqf = ukplat_console_lock();

	_uk_printd(libname, srcname, srcline, "hexdump of %zu bytes:\n", len);
	uk_hexdumpf(stdout, data, len, addr0, flags, grps_per_line, line_prefix);
	ukplat_console_unlock(irqf);
}
