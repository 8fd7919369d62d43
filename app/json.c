/*
 * JSON responses through jansson (Kore 4.1's own writer does not escape
 * strings). Errors have one shape: {"error": {"status", "message"}}, the
 * message in the user's language.
 */

#include "octolearn.h"

int
ol_json_respond(struct http_request *req, int status, json_t *doc)
{
	char		*text;

	text = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(doc);

	if (text == NULL)
		fatal("ol_json_respond: cannot encode");

	ol_security_headers(req);
	http_response_header(req, "content-type",
	    "application/json; charset=utf-8");
	http_response_header(req, "cache-control", "no-store");
	http_response(req, status, text, strlen(text));
	free(text);

	return (KORE_RESULT_OK);
}

int
ol_json_error(struct http_request *req, int status, const char *message)
{
	json_t		*doc;

	doc = json_pack("{s:{s:i,s:s}}", "error", "status", status,
	    "message", message);
	if (doc == NULL)
		fatal("ol_json_error: cannot build");

	return (ol_json_respond(req, status, doc));
}

int
ol_json_unavailable(struct http_request *req)
{
	return (ol_json_error(req, HTTP_STATUS_SERVICE_UNAVAILABLE,
	    _("The service is temporarily unavailable. Please try again in "
	    "a moment.")));
}
