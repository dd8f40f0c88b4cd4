#include <poll.h>
#include <stdio.h>
#include <unistd.h>

int demo_talk(void)
{
	struct sockaddr a = { .sa_family = AF_DEMO, .sa_data = { 1 } };
	struct sockaddr b = { .sa_family = AF_DEMO, .sa_data = { 2 } };
	struct sockaddr from;
	socklen_t fromlen = sizeof(from);
	struct pollfd p;
	char buf[16] = "";
	int s1 = socket(AF_DEMO, SOCK_DGRAM, 0), s2 = socket(AF_DEMO, SOCK_DGRAM, 0);
	int before, after, n;

	bind(s1, &a, sizeof(a));
	bind(s2, &b, sizeof(b));
	p = (struct pollfd){ .fd = s2, .events = POLLIN };
	before = poll(&p, 1, 0);
	sendto(s1, "hello", 5, 0, &b, sizeof(b));
	after = poll(&p, 1, 0);
	n = (int)recvfrom(s2, buf, sizeof(buf), 0, &from, &fromlen);
	printf("poll %d -> %d, got %d bytes \"%s\" from port %d\n", before, after, n, buf, from.sa_data[0]);
	close(s1);
	close(s2);
	return n == 5 && before == 0 && after == 1 && from.sa_data[0] == 1;
}
