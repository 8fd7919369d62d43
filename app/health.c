/*
 * GET /healthz for load balancers and the run scripts: 200 when the
 * database answers, 503 when it does not.
 */

#include "octolearn.h"

int
ol_healthz(struct http_request *req)
{
	struct ol_db	db;
	int		ok;

	ok = 0;
	if (ol_db_begin(&db, 0) && ol_db_exec(&db, "SELECT 1", 0) &&
	    ol_db_rows(&db) == 1)
		ok = 1;
	ol_db_end(&db);

	if (!ok) {
		return (ol_json_respond(req, HTTP_STATUS_SERVICE_UNAVAILABLE,
		    json_pack("{s:s,s:s}", "status", "unavailable",
		    "database", "unreachable")));
	}

	return (ol_json_respond(req, HTTP_STATUS_OK,
	    json_pack("{s:s,s:s}", "status", "ok", "database", "ok")));
}
