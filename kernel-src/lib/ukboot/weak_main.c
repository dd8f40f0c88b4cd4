/* The main() of a kernel without an application: nothing to do. An
 * application (or an in-tree example) overrides it with a strong main. */
#include <uk/essentials.h>

int main(int argc, char *argv[]);

int __weak main(int argc __unused, char *argv[] __unused)
{
	return 0;
}
