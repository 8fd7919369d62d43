/*
 * Streams a CSV export in chunks (HTTP/1.1 chunked transfer encoding), so
 * that a worker's memory stays flat however many rows there are: one
 * batch of rows is formatted at a time, and the next is fetched only when
 * the previous one has gone out to the client. A slow client holds its
 * connection, never a database connection: each batch is one short
 * keyset query of its own (reports_export.c). This is how Kore 4.1
 * streams an iterator in its Python binding (src/python.c,
 * pyhttp_iterobj_*), in C: the connection is marked busy so that Kore
 * reads no next request until the last chunk, and a disconnect during
 * the stream frees it when Kore drops the chunk in flight.
 */

#include "octolearn.h"

/* The chunk's size is written over this in hex when the chunk is full. */
#define CHUNK_HEAD	"00000000\r\n"
#define CHUNK_HEAD_LEN	10

/* The most resource titles a stream keeps (ol_stream_title()). */
#define STREAM_TITLES	1024

static void	stream_chunk_begin(struct ol_stream *);
static int	stream_next(struct ol_stream *);
static int	stream_sent(struct netbuf *);
static void	stream_disconnect(struct connection *);
static void	stream_end(struct ol_stream *, int);

struct ol_stream *
ol_stream_new(const struct ol_report *r, ol_stream_fill_fn fill)
{
	struct ol_stream	*s;

	s = kore_calloc(1, sizeof(*s));
	s->r = *r;
	s->r.ctx = NULL;
	(void)kore_strlcpy(s->lang, r->ui, sizeof(s->lang));
	s->fill = fill;
	kore_buf_init(&s->chunk, 64 * 1024);
	stream_chunk_begin(s);

	return (s);
}

void
ol_stream_free(struct ol_stream *s)
{
	size_t		i;

	kore_buf_cleanup(&s->chunk);
	kore_free(s->cols);
	for (i = 0; i < s->ntitles; i++)
		kore_free(s->titles[i].title);
	kore_free(s->titles);
	kore_free(s);
}

/* The first batch, while the request can still be answered with a 503. */
int
ol_stream_prime(struct ol_stream *s)
{
	int		rc;

	if ((rc = s->fill(s)) == 0)
		s->done = 1;

	return (rc == -1 ? -1 : 0);
}

/*
 * Remembers where the batch in db ended: its last row's columns key and
 * id (the name and user id, or the user id and resource id of a record).
 */
void
ol_stream_keyset(struct ol_stream *s, struct ol_db *db, int key, int id)
{
	int		last;

	if ((last = ol_db_rows(db) - 1) < 0)
		return;
	(void)kore_strlcpy(s->key, ol_db_value(db, last, key), sizeof(s->key));
	(void)kore_strlcpy(s->key_id, ol_db_value(db, last, id),
	    sizeof(s->key_id));
}

/*
 * The titles of the resources an export has met, so that its batches
 * look each title up once per export instead of once per row (a few
 * hundred resources against millions of rows). A batch is given the ids
 * known (ol_stream_titles_known()) and computes the title of the others
 * only; each row's title then comes through here: the title kept for id,
 * else the row's own (title), which is kept. None is dropped, so that
 * every id a batch was told of is found here. The titles are kept sorted
 * by id, at most STREAM_TITLES of them, so that the stream's memory
 * stays bounded however many resources a tenant has: past that, the
 * batches compute the others' titles row by row, as without the cache.
 */
const char *
ol_stream_title(struct ol_stream *s, int64_t id, const char *title)
{
	size_t		lo, hi, mid;

	lo = 0;
	hi = s->ntitles;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->titles[mid].id == id)
			return (s->titles[mid].title);
		if (s->titles[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (s->ntitles == STREAM_TITLES)
		return (title);

	if (s->titles == NULL)
		s->titles = kore_calloc(STREAM_TITLES, sizeof(*s->titles));
	memmove(&s->titles[lo + 1], &s->titles[lo],
	    (s->ntitles - lo) * sizeof(*s->titles));
	s->titles[lo].id = id;
	s->titles[lo].title = kore_strdup(title);
	s->ntitles++;

	return (s->titles[lo].title);
}

/* The ids of the titles kept, as an SQL array ("{1,2,3}") in buf. */
void
ol_stream_titles_known(struct ol_stream *s, struct kore_buf *buf)
{
	char		id[24];
	size_t		i;
	int		n;

	ol_buf_append(buf, "{", 1);
	for (i = 0; i < s->ntitles; i++) {
		n = snprintf(id, sizeof(id), "%s%lld", i > 0 ? "," : "",
		    (long long)s->titles[i].id);
		ol_buf_append(buf, id, (size_t)n);
	}
	ol_buf_append(buf, "}", 1);
}

/* Where ol_csv_record() writes: the chunk being filled. */
void
ol_stream_sink(void *arg, const void *data, size_t len)
{
	struct ol_stream	*s = arg;

	ol_buf_append(&s->chunk, data, len);
}

static void
stream_chunk_begin(struct ol_stream *s)
{
	kore_buf_reset(&s->chunk);
	kore_buf_append(&s->chunk, CHUNK_HEAD, CHUNK_HEAD_LEN);
}

/*
 * Sends what the first fill produced and goes on from the sent callback.
 * The request is answered here; the caller returns KORE_RESULT_OK.
 */
int
ol_stream_start(struct ol_stream *s, struct http_request *req,
    const char *filename)
{
	struct connection	*c = req->owner;
	char			 disp[128];

	ol_security_headers(req);
	(void)snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"",
	    filename);
	http_response_header(req, "content-type",
	    "text/csv; charset=utf-8; header=present");
	http_response_header(req, "content-disposition", disp);
	http_response_header(req, "content-language", s->lang);
	http_response_header(req, "cache-control", "no-store");

	if (req->method == HTTP_METHOD_HEAD || c == NULL ||
	    c->state == CONN_STATE_DISCONNECTING) {
		http_response(req, HTTP_STATUS_OK, NULL, 0);
		ol_stream_free(s);
		return (KORE_RESULT_OK);
	}

	s->c = c;
	c->hdlr_extra = s;
	c->disconnect = stream_disconnect;
	c->flags |= CONN_IS_BUSY;
	req->flags |= HTTP_REQUEST_NO_CONTENT_LENGTH;
	http_response_header(req, "transfer-encoding", "chunked");
	http_response(req, HTTP_STATUS_OK, NULL, 0);

	(void)stream_next(s);

	return (KORE_RESULT_OK);
}

/* Queues the chunk filled so far, or ends the stream when it is empty. */
static int
stream_next(struct ol_stream *s)
{
	struct netbuf	*nb;
	char		 head[CHUNK_HEAD_LEN + 1];
	size_t		 len;
	int		 rc;

	rc = 1;
	while (s->chunk.offset == CHUNK_HEAD_LEN && !s->done) {
		ol_i18n_set(s->lang);
		if ((rc = s->fill(s)) == -1) {
			stream_end(s, 0);
			return (KORE_RESULT_ERROR);
		}
		if (rc == 0)
			s->done = 1;
	}

	len = s->chunk.offset - CHUNK_HEAD_LEN;
	if (len == 0) {
		stream_end(s, 1);
		return (KORE_RESULT_OK);
	}
	(void)snprintf(head, sizeof(head), "%08x", (unsigned int)len);
	memcpy(s->chunk.data, head, 8);
	kore_buf_append(&s->chunk, "\r\n", 2);
	s->rows_sent += s->rows_in_chunk;
	s->rows_in_chunk = 0;

	net_send_stream(s->c, s->chunk.data, s->chunk.offset, stream_sent,
	    &nb);
	nb->extra = s;

	return (KORE_RESULT_RETRY);
}

/* A chunk has gone out (or is dropped with its connection). */
static int
stream_sent(struct netbuf *nb)
{
	struct ol_stream	*s = nb->extra;

	if (s->removed) {
		ol_stream_free(s);
		return (KORE_RESULT_OK);
	}
	stream_chunk_begin(s);

	return (stream_next(s));
}

static void
stream_disconnect(struct connection *c)
{
	struct ol_stream	*s = c->hdlr_extra;

	/* Kore frees hdlr_extra itself otherwise, before the chunk's cb. */
	c->hdlr_extra = NULL;
	c->disconnect = NULL;
	if (s != NULL)
		s->removed = 1;
}

/*
 * The last chunk when complete; otherwise the connection is closed
 * without it, so that the client sees the file is cut short.
 */
static void
stream_end(struct ol_stream *s, int complete)
{
	struct connection	*c = s->c;

	c->hdlr_extra = NULL;
	c->disconnect = NULL;
	c->flags &= ~CONN_IS_BUSY;
	if (complete) {
		net_send_queue(c, "0\r\n\r\n", 5);
		http_start_recv(c);
	} else {
		kore_log(LOG_ERR, "report export cut short after %zu rows",
		    s->rows_sent);
		c->flags |= CONN_CLOSE_EMPTY;
	}
	ol_stream_free(s);
}
