/*
 * The ceiling of the catalogue benchmark (tests/bench/ceilings.py): the
 * least a Kore 4.1 handler can do. The parent reads the file named by
 * CEILING_BODY (the benchmark writes our catalogue page there) before it
 * forks; every request then gets those bytes as they are, so the ceiling
 * sends what our server sends and does nothing else.
 */

#include <kore/kore.h>
#include <kore/http.h>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

void		kore_parent_configure(int, char **);
int		ceiling_page(struct http_request *);

static u_int8_t	*ceiling_body;
static size_t	 ceiling_len;

void
kore_parent_configure(int argc, char **argv)
{
	struct stat	 st;
	const char	*path;
	ssize_t		 r;
	int		 fd;

	(void)argc;
	(void)argv;
	if ((path = getenv("CEILING_BODY")) == NULL ||
	    (fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1)
		fatal("ceiling: CEILING_BODY names no readable file");
	ceiling_len = (size_t)st.st_size;
	ceiling_body = kore_malloc(ceiling_len + 1);
	r = read(fd, ceiling_body, ceiling_len);
	if (r < 0 || (size_t)r != ceiling_len)
		fatal("ceiling: short read of %s", path);
	(void)close(fd);
}

int
ceiling_page(struct http_request *req)
{
	http_response_header(req, "content-type", "text/html; charset=utf-8");
	http_response(req, HTTP_STATUS_OK, ceiling_body, ceiling_len);

	return (KORE_RESULT_OK);
}
