/*
 * The per-request context: output buffer, language, tenant; and the
 * headers every response carries.
 */

#include "octolearn.h"

void
ol_ctx_init(struct ol_ctx *ctx, struct http_request *req)
{
	ol_cache_notified();
	memset(ctx, 0, sizeof(*ctx));
	ctx->req = req;
	ctx->out = kore_buf_alloc(8192);
	ol_lang_negotiate(ctx);
}

void
ol_ctx_free(struct ol_ctx *ctx)
{
	if (ctx->out != NULL) {
		kore_buf_free(ctx->out);
		ctx->out = NULL;
	}
}

/* Answers 405 and returns 0 when the request's method is not the one. */
int
ol_ctx_method(struct ol_ctx *ctx, int method)
{
	if (ctx->req->method == method)
		return (1);

	http_response_header(ctx->req, "allow",
	    http_method_text(method));
	(void)ol_page_error(ctx, HTTP_STATUS_METHOD_NOT_ALLOWED,
	    _("This address does not accept that kind of request."));

	return (0);
}

void
ol_security_headers(struct http_request *req)
{
	http_response_header(req, "content-security-policy",
	    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
	    "script-src 'self'; object-src 'none'; base-uri 'self'; "
	    "form-action 'self'; frame-ancestors 'self'");
	http_response_header(req, "x-content-type-options", "nosniff");
	http_response_header(req, "referrer-policy", "same-origin");
	http_response_header(req, "x-frame-options", "SAMEORIGIN");
}

/* An object's id in a path: len bytes of digits, 1 .. INT64_MAX. */
int
ol_id_parse(const char *s, size_t len, int64_t *id)
{
	char		buf[24];
	int		err;

	if (len == 0 || len >= sizeof(buf))
		return (0);
	memcpy(buf, s, len);
	buf[len] = '\0';
	*id = kore_strtonum(buf, 10, 1, INT64_MAX, &err);

	return (err == KORE_RESULT_OK);
}

/*
 * Reads a form's fields from the request body; a body larger than any of
 * the platform's forms is answered with a 413 page instead (0 returned).
 * Kore 4.1 reads a body it has spooled to disk back 8 KiB at a time into
 * a buffer grown by as much each time, so that one large form kept a
 * worker copying for minutes while no worker took new connections.
 */
int
ol_form_read(struct ol_ctx *ctx)
{
	if (ctx->req->content_length > OL_FORM_BODY_MAX) {
		(void)ol_page_error(ctx, HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE,
		    _("The request body is too large."));
		return (0);
	}
	http_populate_post(ctx->req);

	return (1);
}
