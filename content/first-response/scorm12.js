/*
 * A small SCORM 1.2 run-time wrapper.
 *
 * It finds the LMS's API object with the usual discovery algorithm (this
 * window and up to 7 parents, then the opener and its parents), calls
 * LMSInitialize once and LMSFinish once, and does nothing at all when no
 * API is there: the page then still works, and the element #lms-note (a
 * message written in the page) is shown.
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

	/* API in win or one of its parents, or null. */
	function scan(win) {
		var tries = 0;

		try {
			while (win && !win.API && win.parent &&
			    win.parent !== win) {
				if (++tries > MAX_PARENTS)
					return null;
				win = win.parent;
			}
			return win && win.API ? win.API : null;
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

	function pad(n, width) {
		var s = String(n);

		while (s.length < width)
			s = "0" + s;
		return s;
	}

	/* A CMITimespan for cmi.core.session_time: HHHH:MM:SS.SS. */
	function timespan(ms) {
		/* At most 9999:59:59.99. */
		var cs = Math.min(3599999999, Math.max(0, Math.round(ms / 10)));
		var h = Math.floor(cs / 360000);
		var m = Math.floor((cs % 360000) / 6000);
		var s = Math.floor((cs % 6000) / 100);
		var c = cs % 100;

		return pad(h, 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." +
		    pad(c, 2);
	}

	function showNote() {
		var note = document.getElementById("lms-note");

		if (note)
			note.hidden = false;
	}

	/* LMSInitialize: true when the LMS records this session. */
	function start() {
		if (running || ended)
			return running;
		api = discover();
		if (api) {
			try {
				running = String(api.LMSInitialize("")) === "true";
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
			v = api.LMSGetValue(name);
		} catch (e) {
			return "";
		}
		return v === null || v === undefined ? "" : String(v);
	}

	function set(name, value) {
		if (!running)
			return false;
		try {
			return String(api.LMSSetValue(name, String(value))) ===
			    "true";
		} catch (e) {
			return false;
		}
	}

	function commit() {
		if (!running)
			return false;
		try {
			return String(api.LMSCommit("")) === "true";
		} catch (e) {
			return false;
		}
	}

	/*
	 * Ends the session once: before(), when given, sets the last values
	 * (cmi.core.exit and the like); then cmi.core.session_time, LMSCommit
	 * and LMSFinish. Later calls do nothing.
	 */
	function finish(before) {
		if (!running || ended)
			return;
		ended = true;
		if (typeof before === "function") {
			try {
				before();
			} catch (e) {
				/* Finish all the same. */
			}
		}
		set("cmi.core.session_time",
		    timespan(new Date().getTime() - startedAt));
		commit();
		try {
			api.LMSFinish("");
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

	global.OctoScorm12 = {
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
