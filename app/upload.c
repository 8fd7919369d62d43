/*
 * The upload page for tenant admins: a SCORM .zip, or any other file (a
 * PDF, a video) offered as it is, and the language it is in (and, for the
 * next version of a resource, its number). The script
 * (app/static/upload.js) sends the file as the body of the packages API
 * (a .zip) or of the files API (anything else)
 * with a progress bar, then polls the import until it is stored or
 * refused, without a page reload; its messages are rendered here, in the
 * admin's language, as data attributes.
 */

#include "octolearn.h"

int
ol_admin_upload(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest;
	char		*copy, *langs[32];
	int		found, i, n;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || strcmp(rest, "/admin/upload") != 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_ctx_method(&ctx, HTTP_METHOD_GET) || !ol_admin_gate_page(&ctx))
		return (KORE_RESULT_OK);

	ol_page_begin(&ctx, _("Upload a package"));
	ol_html(&ctx, "<h1>%s</h1>\n<p>%s</p>\n", _("Upload a package"),
	    _("A SCORM 1.2 or 2004 package: a .zip file with imsmanifest.xml "
	    "at its root. Any other file, such as a PDF document or a video, "
	    "is offered to learners as it is."));
	ol_html(&ctx,
	    "<form id=\"upload\" class=\"form\" data-slug=\"%s\" "
	    "data-csrf=\"%s\" data-max=\"%llu\" data-msg-too-large=\"%s\" "
	    "data-msg-uploading=\"%s\" data-msg-importing=\"%s\" "
	    "data-msg-done=\"%s\" data-msg-failed=\"%s\" "
	    "data-msg-network=\"%s\" data-msg-choose=\"%s\" "
	    "data-msg-line=\"%s\" data-msg-open=\"%s\" "
	    "data-msg-phase-queued=\"%s\" data-msg-phase-extracting=\"%s\" "
	    "data-msg-phase-reading=\"%s\" data-msg-phase-storing=\"%s\">\n"
	    "<label for=\"file\">%s</label>\n"
	    "<input id=\"file\" name=\"file\" type=\"file\" required>\n"
	    "<label for=\"lang\">%s</label>\n<select id=\"lang\" name=\"lang\">",
	    ctx.tenant.slug, ctx.user.csrf,
	    (unsigned long long)http_body_max,
	    _("This file is larger than the upload limit."),
	    _("Uploading…"), _("Importing…"),
	    _("The package has been imported."),
	    _("The package was refused:"),
	    _("The upload failed. Please check your connection and try "
	    "again."),
	    _("Please choose a file."), _("line %s"),
	    _("Open the resource"),
	    _("waiting"), _("unpacking"), _("reading the manifest"),
	    _("storing"),
	    _("Package file"), _("Language of the package"));

	copy = kore_strdup(ctx.tenant.languages);
	n = kore_split_string(copy, ",", langs, 32);
	for (i = 0; i < n; i++) {
		ol_html(&ctx, "<option value=\"%s\"%H>%s</option>", langs[i],
		    !strcmp(langs[i], ctx.tenant.default_lang) ?
		    " selected" : "", ol_i18n_name(langs[i]));
	}
	kore_free(copy);

	ol_html(&ctx, "</select>\n<label for=\"resource\">%s</label>\n"
	    "<input id=\"resource\" name=\"resource\" inputmode=\"numeric\" "
	    "pattern=\"[0-9]*\" aria-describedby=\"resource-help\">\n"
	    "<p id=\"resource-help\" class=\"help\">%s</p>\n"
	    "<button type=\"submit\">%s</button>\n</form>\n"
	    "<div id=\"progress\" hidden>\n"
	    "<progress id=\"bar\" max=\"100\" value=\"0\"></progress>\n"
	    "<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n"
	    "<ul id=\"problems\"></ul>\n</div>\n"
	    "<script src=\"/static/upload.js\"></script>\n",
	    _("New version of resource number (optional)"),
	    _("Leave empty to make a new resource."), _("Upload"));

	return (ol_page_end(&ctx, HTTP_STATUS_OK));
}
