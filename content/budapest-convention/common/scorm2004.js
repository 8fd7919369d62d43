/*
 * A small SCORM 2004 run-time wrapper shared by the lessons and the quiz.
 *
 * It finds the LMS's API_1484_11 with the usual discovery algorithm (this
 * window and up to 7 parents, then the opener and its parents), calls
 * Initialize once and Terminate once, and does nothing at all when no API
 * is there: the pages then still work, and the element #lms-note (a
 * message written in the page's own language) is shown.
 *
 * Plain ES5, no user-visible text here.
 */
(function (global) {
	"use strict";

	var MAX_PARENTS = 7;
	var api = null;
	var running = false;
	var ended = false;
	var startedAt = new Date().getTime();

	/* API_1484_11 in win or one of its parents, or null. */
	function scan(win) {
		var tries = 0;

		try {
			while (win && !win.API_1484_11 && win.parent &&
			    win.parent !== win) {
				if (++tries > MAX_PARENTS)
					return null;
				win = win.parent;
			}
			return win && win.API_1484_11 ? win.API_1484_11 : null;
		} catch (e) {
			/* A parent of another origin: no API there. */
			return null;
		}
	}

	function discover() {
		var found = scan(global);

		if (!found) {
			try {
				if (global.opener && !global.opener.closed)
					found = scan(global.opener);
			} catch (e) {
				found = null;
			}
		}
		return found;
	}

	/* An ISO 8601 duration for cmi.session_time, e.g. PT0H12M5.3S. */
	function duration(ms) {
		var cs = Math.max(0, Math.round(ms / 10));
		var h = Math.floor(cs / 360000);
		var m = Math.floor((cs % 360000) / 6000);
		var s = (cs % 6000) / 100;

		return "PT" + h + "H" + m + "M" + s + "S";
	}

	function showNote() {
		var note = document.getElementById("lms-note");

		if (note)
			note.hidden = false;
	}

	/* Initialize: true when the LMS records this session. */
	function start() {
		if (running || ended)
			return running;
		api = discover();
		if (api) {
			try {
				running = String(api.Initialize("")) === "true";
			} catch (e) {
				running = false;
			}
		}
		if (!running) {
			api = null;
			showNote();
		}
		startedAt = new Date().getTime();
		return running;
	}

	function get(name) {
		var v;

		if (!running)
			return "";
		try {
			v = api.GetValue(name);
		} catch (e) {
			return "";
		}
		return v === null || v === undefined ? "" : String(v);
	}

	function set(name, value) {
		if (!running)
			return false;
		try {
			return String(api.SetValue(name, String(value))) === "true";
		} catch (e) {
			return false;
		}
	}

	function commit() {
		if (!running)
			return false;
		try {
			return String(api.Commit("")) === "true";
		} catch (e) {
			return false;
		}
	}

	/*
	 * Ends the session once: before(), when given, sets the last values
	 * (cmi.exit and the like); then cmi.session_time and Terminate, which
	 * also commits. Later calls do nothing.
	 */
	function finish(before) {
		if (!running || ended)
			return;
		ended = true;
		if (typeof before === "function") {
			try {
				before();
			} catch (e) {
				/* Terminate all the same. */
			}
		}
		set("cmi.session_time",
		    duration(new Date().getTime() - startedAt));
		try {
			api.Terminate("");
		} catch (e) {
			/* Nothing more can be done. */
		}
		running = false;
	}

	/* Calls finish(before) when the page goes away, once. */
	function finishOnLeave(before) {
		var handler = function () {
			finish(before);
		};

		global.addEventListener("pagehide", handler);
		global.addEventListener("beforeunload", handler);
	}

	/* Replaces {name} in text by values[name]. */
	function format(text, values) {
		return String(text || "").replace(/\{(\w+)\}/g,
		    function (all, name) {
			return Object.prototype.hasOwnProperty.call(values,
			    name) ? String(values[name]) : all;
		});
	}

	global.OctoScorm = {
		start: start,
		get: get,
		set: set,
		commit: commit,
		finish: finish,
		finishOnLeave: finishOnLeave,
		tracked: function () {
			return running;
		},
		format: format
	};
}(window));
