/*
 * The package upload page (app/upload.c): sends the chosen .zip as the
 * body of POST /api/v1/tenants/<slug>/packages/<lang> (or .../resources/
 * <id>/packages/<lang>), any other file to .../files/<lang> with its name
 * in X-Filename, with the session's CSRF token; shows the upload's
 * progress, then polls the import until it is stored or refused. Every
 * message comes from the page's data-msg-* attributes, in the user's
 * language.
 */
(function () {
	"use strict";

	var form = document.getElementById("upload");
	if (!form)
		return;

	var box = document.getElementById("progress");
	var bar = document.getElementById("bar");
	var status = document.getElementById("status");
	var problems = document.getElementById("problems");
	var d = form.dataset;

	function say(text) {
		status.textContent = text;
	}

	function show(list) {
		problems.textContent = "";
		list.forEach(function (p) {
			var li = document.createElement("li");
			li.textContent = (p.line > 0 ?
			    d.msgLine.replace("%s", p.line) + ": " : "") +
			    p.message;
			problems.appendChild(li);
		});
	}

	function poll(url) {
		fetch(url, { credentials: "same-origin",
		    headers: { "Accept": "application/json" } })
		    .then(function (r) { return r.json(); })
		    .then(function (st) {
			bar.value = 50 + Math.round(st.progress / 2);
			if (st.state === "running") {
				var phase = d["msgPhase" + st.phase.charAt(0)
				    .toUpperCase() + st.phase.slice(1)];
				say(d.msgImporting + (phase ? " (" + phase +
				    ")" : ""));
				setTimeout(function () { poll(url); }, 400);
				return;
			}
			form.querySelector("button").disabled = false;
			if (st.state === "done") {
				say(d.msgDone);
				show(st.warnings);
				box.dataset.resource = st.resource_id;
				var a = document.createElement("a");
				a.href = "/t/" + d.slug + "/resources/" +
				    st.resource_id;
				a.textContent = d.msgOpen;
				a.id = "resource-link";
				status.appendChild(document.createTextNode(" "));
				status.appendChild(a);
			} else {
				say(d.msgFailed);
				show(st.errors);
			}
			box.dataset.state = st.state;
		    })
		    .catch(function () {
			say(d.msgNetwork);
			form.querySelector("button").disabled = false;
		    });
	}

	form.addEventListener("submit", function (ev) {
		ev.preventDefault();
		var file = document.getElementById("file").files[0];
		var lang = document.getElementById("lang").value;
		var res = document.getElementById("resource").value.trim();

		box.hidden = false;
		delete box.dataset.state;
		problems.textContent = "";
		bar.value = 0;
		if (!file) {
			say(d.msgChoose);
			return;
		}
		if (file.size > Number(d.max)) {
			say(d.msgTooLarge);
			box.dataset.state = "failed";
			return;
		}

		var zip = /\.zip$/i.test(file.name);
		var url = "/api/v1/tenants/" + d.slug + "/" +
		    (res ? "resources/" + encodeURIComponent(res) + "/" : "") +
		    (zip ? "packages/" : "files/") + encodeURIComponent(lang);
		var xhr = new XMLHttpRequest();
		xhr.open("POST", url);
		if (zip) {
			xhr.setRequestHeader("Content-Type", "application/zip");
		} else {
			xhr.setRequestHeader("Content-Type",
			    file.type || "application/octet-stream");
			xhr.setRequestHeader("X-Filename",
			    encodeURIComponent(file.name));
		}
		xhr.setRequestHeader("X-CSRF-Token", d.csrf);
		xhr.upload.onprogress = function (e) {
			if (e.lengthComputable)
				bar.value = Math.round(50 * e.loaded / e.total);
		};
		xhr.onload = function () {
			var body = null;
			try {
				body = JSON.parse(xhr.responseText);
			} catch (e) {
				body = null;
			}
			if ((xhr.status === 202 || xhr.status === 201) && body) {
				bar.value = 50;
				say(d.msgImporting);
				poll(body.status_url);
				return;
			}
			form.querySelector("button").disabled = false;
			box.dataset.state = "failed";
			if (xhr.status === 413)
				say(d.msgTooLarge);
			else
				say(body && body.error ? body.error.message :
				    d.msgNetwork);
		};
		xhr.onerror = function () {
			form.querySelector("button").disabled = false;
			box.dataset.state = "failed";
			say(d.msgNetwork);
		};
		form.querySelector("button").disabled = true;
		say(d.msgUploading);
		xhr.send(file);
	});
}());
