/*
 * The viewer of a file resource (app/player.c): records the file as
 * viewed (a launch of its one item, app/attempts.c) when the page opens,
 * and as completed when the learner marks it done or a video plays to its
 * end. Messages come from the page's data-msg-* attributes.
 */
(function () {
	"use strict";

	var box = document.getElementById("viewer");
	if (!box)
		return;
	var d = box.dataset;
	var status = document.getElementById("viewer-status");
	var attempt = null;

	function post(url, body) {
		return fetch(url, {
			method: "POST", credentials: "same-origin",
			headers: { "Content-Type": "application/json",
			    "X-CSRF-Token": d.csrf },
			body: JSON.stringify(body || {})
		}).then(function (r) {
			if (!r.ok)
				throw new Error(String(r.status));
			return r.json();
		});
	}

	var launched = post(d.launchUrl, { item: d.item,
	    version: Number(d.version) }).then(function (doc) {
		attempt = doc.attempt;
		return doc;
	});

	function complete() {
		launched.then(function () {
			return post(d.completeUrl.replace("{attempt}", attempt));
		}).then(function () {
			status.textContent = d.msgDone;
			box.dataset.state = "completed";
		}).catch(function () {
			status.textContent = d.msgFailed;
		});
	}

	document.getElementById("done").addEventListener("click", complete);
	var file = document.getElementById("file");
	if (file && file.tagName === "VIDEO")
		file.addEventListener("ended", complete);
}());
