/* Helpers for code shared by C and assembly (Unikraft API uk/asm.h). */
#ifndef __UK_ASM_H__
#define __UK_ASM_H__

#ifdef __ASSEMBLY__
#define _AC(X, Y)	X
#define _AT(T, X)	X
#define GLOBAL(name)	.globl name;
#define ENTRY(name)	.globl name; .type name, @function; name:
#define END(name)	.size name, . - name;
#define ENDPROC(name)	.type name, @function; END(name)
#else
/* A constant with its C suffix: _AC(1, UL) is 1UL in C, 1 in assembly. */
#define __AC(X, Y)	(X##Y)
#define _AC(X, Y)	__AC(X, Y)
#define _AT(T, X)	((T)(X))
#define GLOBAL(name)	".globl " #name ";"
#define ENTRY(name)	GLOBAL(name) #name ":"
#define END(name)	".size " #name ", . - " #name ";"
#define ENDPROC(name)	".type " #name ", @function;" END(name)
#endif

#endif /* __UK_ASM_H__ */
