/*
 * The SCORM player page (/t/<slug>/play/<resource>): the run-time API that
 * content finds in its parent windows (window.API for SCORM 1.2,
 * window.API_1484_11 for 2004) over the attempt's state from the launch
 * endpoint, and the persistence of what content sets: every commit is a
 * cumulative payload of the session, kept in localStorage before it is
 * sent and until the server acknowledges it, so that no learner loses
 * work to a closed window or a lost connection.
 *
 * GetValue/SetValue check names and values exactly as modules/cmi does
 * (cmi.c, cmi_types.c, cmi_time.c, cmi_lms.c; tests/cases/cmi.tsv runs
 * against both): content gets the specification's error codes at once,
 * and the server, which trusts nothing from here, checks again.
 *
 * window.OctolearnPlayer.createApi(version, values, options) builds the
 * API without any network, for tests; the page uses the same code path.
 */
(function () {
	"use strict";

	/* ---------------------------------------------------------------
	 * The data model tables (modules/cmi/cmi_model.c).
	 */

	var T_STRING = 1, T_LOCALIZED = 2, T_IDENTIFIER = 3, T_VOCAB = 4,
	    T_DECIMAL = 5, T_SCORE12 = 6, T_INTEGER = 7, T_TIME12 = 8,
	    T_TIMESPAN = 9, T_DURATION = 10, T_TIMESTAMP = 11, T_LANGUAGE = 12,
	    T_RESULT = 13, T_RESPONSE = 14, T_PATTERN = 15, T_NAV = 16,
	    T_SUSPEND = 17, T_COUNT = 18, T_CONST = 19;
	var DEP_ID = 1, DEP_TYPE = 2;

	/* Outcomes of a value check. */
	var VALID = 0, BAD_TYPE = 1, BAD_RANGE = 2, BAD_COUNT = 3;

	var NAME_MAX = 255, ARRAY_MAX = 1000, NESTED_MAX = 100,
	    DATA_MAX = 4 * 1024 * 1024, COMPS_MAX = 8,
	    NO_INDEX = 4294967295;

	var CREDIT = ["credit", "no-credit"],
	    MODE = ["normal", "browse", "review"],
	    ENTRY = ["ab-initio", "resume", ""],
	    TLA = ["exit,message", "exit,no message", "continue,message",
		"continue,no message"],
	    STATUS12_SET = ["passed", "completed", "failed", "incomplete",
		"browsed"],
	    STATUS12_ALL = STATUS12_SET.concat(["not attempted"]),
	    EXIT12 = ["time-out", "suspend", "logout", ""],
	    TYPE12 = ["true-false", "choice", "fill-in", "matching",
		"performance", "sequencing", "likert", "numeric"],
	    RESULT12 = ["correct", "wrong", "unanticipated", "neutral"],
	    COMPLETION = ["completed", "incomplete", "not attempted",
		"unknown"],
	    SUCCESS = ["passed", "failed", "unknown"],
	    EXIT04 = ["timeout", "suspend", "logout", "normal", ""],
	    TYPE04 = ["true-false", "choice", "fill-in", "long-fill-in",
		"likert", "matching", "performance", "sequencing", "numeric",
		"other"],
	    RESULT04 = ["correct", "incorrect", "unanticipated", "neutral"],
	    CAPTION = ["-1", "0", "1"],
	    NAV = ["continue", "previous", "exit", "exitAll", "abandon",
		"abandonAll", "suspendAll", "_none_"];

	/*
	 * [name, access, type, limit or vocabulary, min, max, default, dep]:
	 * access r, w, rw, c (computed, read-only) or "" (LMS only).
	 */
	var ELEMS = {
		"1.2": [
			["cmi.core.student_id", "r", T_IDENTIFIER, 255],
			["cmi.core.student_name", "r", T_STRING, 255],
			["cmi.core.lesson_location", "rw", T_STRING, 255],
			["cmi.core.credit", "r", T_VOCAB, CREDIT, null, null,
			    "credit"],
			["cmi.core.lesson_status", "rw", T_VOCAB, STATUS12_SET,
			    null, null, "not attempted"],
			["cmi.core.entry", "r", T_VOCAB, ENTRY, null, null, ""],
			["cmi.core.score.raw", "rw", T_SCORE12],
			["cmi.core.score.min", "rw", T_SCORE12],
			["cmi.core.score.max", "rw", T_SCORE12],
			["cmi.core.total_time", "r", T_TIMESPAN, 0, null, null,
			    "0000:00:00.00"],
			["cmi.core.lesson_mode", "r", T_VOCAB, MODE, null, null,
			    "normal"],
			["cmi.core.exit", "w", T_VOCAB, EXIT12],
			["cmi.core.session_time", "w", T_TIMESPAN],
			["cmi.suspend_data", "rw", T_SUSPEND],
			["cmi.launch_data", "r", T_STRING, 4096],
			["cmi.comments", "rw", T_STRING, 4096],
			["cmi.comments_from_lms", "r", T_STRING, 4096],
			["cmi.student_data.mastery_score", "r", T_DECIMAL, 0,
			    0, 100],
			["cmi.student_data.max_time_allowed", "r", T_TIMESPAN],
			["cmi.student_data.time_limit_action", "r", T_VOCAB,
			    TLA],
			["cmi.student_preference.audio", "rw", T_INTEGER, 0,
			    -1, 100],
			["cmi.student_preference.language", "rw", T_STRING,
			    255],
			["cmi.student_preference.speed", "rw", T_INTEGER, 0,
			    -100, 100],
			["cmi.student_preference.text", "rw", T_INTEGER, 0, -1,
			    1],
			["ol.sessions", "", T_COUNT, 0, null, null, "0"],
			["cmi.objectives.#.id", "rw", T_IDENTIFIER, 255],
			["cmi.objectives.#.score.raw", "rw", T_SCORE12],
			["cmi.objectives.#.score.min", "rw", T_SCORE12],
			["cmi.objectives.#.score.max", "rw", T_SCORE12],
			["cmi.objectives.#.status", "rw", T_VOCAB, STATUS12_ALL,
			    null, null, "not attempted"],
			["cmi.interactions.#.id", "w", T_IDENTIFIER, 255],
			["cmi.interactions.#.objectives.#.id", "w",
			    T_IDENTIFIER, 255],
			["cmi.interactions.#.time", "w", T_TIME12],
			["cmi.interactions.#.type", "w", T_VOCAB, TYPE12],
			["cmi.interactions.#.correct_responses.#.pattern", "w",
			    T_STRING, 255],
			["cmi.interactions.#.weighting", "w", T_DECIMAL],
			["cmi.interactions.#.student_response", "w", T_STRING,
			    255],
			["cmi.interactions.#.result", "w", T_RESULT, RESULT12],
			["cmi.interactions.#.latency", "w", T_TIMESPAN]
		],
		"2004": [
			["cmi._version", "c", T_CONST, 0, null, null, "1.0"],
			["cmi.completion_status", "rw", T_VOCAB, COMPLETION,
			    null, null, "unknown"],
			["cmi.completion_threshold", "r", T_DECIMAL, 0, 0, 1],
			["cmi.credit", "r", T_VOCAB, CREDIT, null, null,
			    "credit"],
			["cmi.entry", "r", T_VOCAB, ENTRY, null, null, ""],
			["cmi.exit", "w", T_VOCAB, EXIT04],
			["cmi.launch_data", "r", T_STRING, 4000],
			["cmi.learner_id", "r", T_IDENTIFIER, 4000],
			["cmi.learner_name", "r", T_LOCALIZED, 250],
			["cmi.learner_preference.audio_level", "rw", T_DECIMAL,
			    0, 0, null, "1"],
			["cmi.learner_preference.language", "rw", T_LANGUAGE, 0,
			    null, null, ""],
			["cmi.learner_preference.delivery_speed", "rw",
			    T_DECIMAL, 0, 0, null, "1"],
			["cmi.learner_preference.audio_captioning", "rw",
			    T_VOCAB, CAPTION, null, null, "0"],
			["cmi.location", "rw", T_STRING, 1000],
			["cmi.max_time_allowed", "r", T_DURATION],
			["cmi.mode", "r", T_VOCAB, MODE, null, null, "normal"],
			["cmi.progress_measure", "rw", T_DECIMAL, 0, 0, 1],
			["cmi.scaled_passing_score", "r", T_DECIMAL, 0, -1, 1],
			["cmi.score.scaled", "rw", T_DECIMAL, 0, -1, 1],
			["cmi.score.raw", "rw", T_DECIMAL],
			["cmi.score.min", "rw", T_DECIMAL],
			["cmi.score.max", "rw", T_DECIMAL],
			["cmi.session_time", "w", T_DURATION],
			["cmi.success_status", "rw", T_VOCAB, SUCCESS, null,
			    null, "unknown"],
			["cmi.suspend_data", "rw", T_SUSPEND],
			["cmi.time_limit_action", "r", T_VOCAB, TLA, null, null,
			    "continue,no message"],
			["cmi.total_time", "r", T_DURATION, 0, null, null,
			    "PT0H0M0S"],
			["adl.nav.request", "rw", T_NAV, 0, null, null,
			    "_none_"],
			["adl.nav.request_valid.continue", "c", T_CONST, 0,
			    null, null, "unknown"],
			["adl.nav.request_valid.previous", "c", T_CONST, 0,
			    null, null, "unknown"],
			["adl.nav.request_valid.choice.{target}", "c", T_CONST,
			    0, null, null, "unknown"],
			["adl.nav.request_valid.jump.{target}", "c", T_CONST, 0,
			    null, null, "unknown"],
			["ol.sessions", "", T_COUNT, 0, null, null, "0"],
			["cmi.comments_from_learner.#.comment", "rw",
			    T_LOCALIZED, 4000],
			["cmi.comments_from_learner.#.location", "rw", T_STRING,
			    250],
			["cmi.comments_from_learner.#.timestamp", "rw",
			    T_TIMESTAMP],
			["cmi.comments_from_lms.#.comment", "r", T_LOCALIZED,
			    4000],
			["cmi.comments_from_lms.#.location", "r", T_STRING,
			    250],
			["cmi.comments_from_lms.#.timestamp", "r", T_TIMESTAMP],
			["cmi.interactions.#.id", "rw", T_IDENTIFIER, 4000],
			["cmi.interactions.#.type", "rw", T_VOCAB, TYPE04, null,
			    null, null, DEP_ID],
			["cmi.interactions.#.objectives.#.id", "rw",
			    T_IDENTIFIER, 4000, null, null, null, DEP_ID],
			["cmi.interactions.#.timestamp", "rw", T_TIMESTAMP, 0,
			    null, null, null, DEP_ID],
			["cmi.interactions.#.correct_responses.#.pattern", "rw",
			    T_PATTERN, 0, null, null, null, DEP_TYPE],
			["cmi.interactions.#.weighting", "rw", T_DECIMAL, 0,
			    null, null, null, DEP_ID],
			["cmi.interactions.#.learner_response", "rw",
			    T_RESPONSE, 0, null, null, null, DEP_TYPE],
			["cmi.interactions.#.result", "rw", T_RESULT, RESULT04,
			    null, null, null, DEP_ID],
			["cmi.interactions.#.latency", "rw", T_DURATION, 0,
			    null, null, null, DEP_ID],
			["cmi.interactions.#.description", "rw", T_LOCALIZED,
			    250, null, null, null, DEP_ID],
			["cmi.objectives.#.id", "rw", T_IDENTIFIER, 4000],
			["cmi.objectives.#.score.scaled", "rw", T_DECIMAL, 0,
			    -1, 1, null, DEP_ID],
			["cmi.objectives.#.score.raw", "rw", T_DECIMAL, 0, null,
			    null, null, DEP_ID],
			["cmi.objectives.#.score.min", "rw", T_DECIMAL, 0, null,
			    null, null, DEP_ID],
			["cmi.objectives.#.score.max", "rw", T_DECIMAL, 0, null,
			    null, null, DEP_ID],
			["cmi.objectives.#.success_status", "rw", T_VOCAB,
			    SUCCESS, null, null, "unknown", DEP_ID],
			["cmi.objectives.#.completion_status", "rw", T_VOCAB,
			    COMPLETION, null, null, "unknown", DEP_ID],
			["cmi.objectives.#.progress_measure", "rw", T_DECIMAL,
			    0, 0, 1, null, DEP_ID],
			["cmi.objectives.#.description", "rw", T_LOCALIZED, 250,
			    null, null, null, DEP_ID]
		]
	};

	/* [name, children, the element a nested array counts]. */
	var NODES = {
		"1.2": [
			["cmi.core", "student_id,student_name,lesson_location," +
			    "credit,lesson_status,entry,score,total_time," +
			    "lesson_mode,exit,session_time"],
			["cmi.core.score", "raw,min,max"],
			["cmi.objectives", "id,score,status"],
			["cmi.objectives.#.score", "raw,min,max"],
			["cmi.student_data", "mastery_score,max_time_allowed," +
			    "time_limit_action"],
			["cmi.student_preference", "audio,language,speed,text"],
			["cmi.interactions", "id,objectives,time,type," +
			    "correct_responses,weighting,student_response," +
			    "result,latency"],
			["cmi.interactions.#.objectives", null,
			    "cmi.interactions.#.objectives.#.id"],
			["cmi.interactions.#.correct_responses", null,
			    "cmi.interactions.#.correct_responses.#.pattern"]
		],
		"2004": [
			["cmi.comments_from_learner",
			    "comment,location,timestamp"],
			["cmi.comments_from_lms", "comment,location,timestamp"],
			["cmi.interactions", "id,type,objectives,timestamp," +
			    "correct_responses,weighting,learner_response," +
			    "result,latency,description"],
			["cmi.interactions.#.objectives", null,
			    "cmi.interactions.#.objectives.#.id"],
			["cmi.interactions.#.correct_responses", null,
			    "cmi.interactions.#.correct_responses.#.pattern"],
			["cmi.learner_preference", "audio_level,language," +
			    "delivery_speed,audio_captioning"],
			["cmi.objectives", "id,score,success_status," +
			    "completion_status,progress_measure,description"],
			["cmi.objectives.#.score", "scaled,raw,min,max"],
			["cmi.score", "scaled,raw,min,max"]
		]
	};

	var TOP_ARRAYS = {
		"1.2": ["cmi.objectives", "cmi.interactions"],
		"2004": ["cmi.comments_from_learner", "cmi.comments_from_lms",
		    "cmi.interactions", "cmi.objectives"]
	};

	var SUSPEND_DEFAULT = { "1.2": 4096, "2004": 64000 };

	/* The tables of a version, compiled once. */
	var compiled = {};

	function model(version) {
		if (compiled[version])
			return compiled[version];
		var m = { elems: [], byName: {}, nodes: [] };
		ELEMS[version].forEach(function (a) {
			var e = {
				name: a[0], r: /r|c/.test(a[1]),
				w: a[1].indexOf("w") >= 0, konst: a[1] === "c",
				lms: a[1] === "", type: a[2],
				limit: typeof a[3] === "number" ? a[3] : 0,
				vocab: Array.isArray(a[3]) ? a[3] : null,
				min: a[4] == null ? null : a[4],
				max: a[5] == null ? null : a[5],
				def: a[6] == null ? null : a[6],
				dep: a[7] || 0,
				depth: a[0].split("#").length - 1,
				group: a[0].indexOf(".#") > 0 ?
				    a[0].slice(0, a[0].indexOf(".#")) : ""
			};
			e.id = m.elems.length;
			m.elems.push(e);
			m.byName[e.name] = e;
		});
		NODES[version].forEach(function (a) {
			m.nodes.push({ name: a[0], children: a[1],
			    group: TOP_ARRAYS[version].indexOf(a[0]) >= 0 ?
				a[0] : "",
			    field: a[2] || null });
		});
		compiled[version] = m;
		return m;
	}

	/* ---------------------------------------------------------------
	 * Value types (modules/cmi/cmi_types.c, cmi_time.c).
	 */

	/* Unicode code points of a well-formed string. */
	function chars(s) {
		var n = s.length, i, c;

		for (i = 0; i < s.length; i++) {
			c = s.charCodeAt(i);
			if (c >= 0xD800 && c <= 0xDBFF)
				n--;
		}
		return n;
	}

	function utf8len(s) {
		var n = 0, i, c;

		for (i = 0; i < s.length; i++) {
			c = s.charCodeAt(i);
			n += c < 0x80 ? 1 : c < 0x800 ? 2 :
			    c >= 0xD800 && c <= 0xDFFF ? 2 : 3;
		}
		return n;
	}

	/* What UTF-8 can carry to the server: no lone surrogate, no NUL. */
	function wellFormed(s) {
		return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/
		    .test(s);
	}

	function within(s, limit) {
		return s.length <= limit || chars(s) <= limit;
	}

	function decSyntax(s) {
		return s.length > 0 && s.length <= 64 &&
		    /^-?(\d+\.?\d*|\.\d+)$/.test(s);
	}

	function decimal(s) {
		return decSyntax(s) ? parseFloat(s) : null;
	}

	function language(s) {
		return s.length > 0 && s.length <= 250 &&
		    /^([A-Za-z]{2,3}|[iIxX])(-[A-Za-z0-9]{1,8})*$/.test(s);
	}

	function localized(s, limit) {
		if (s.slice(0, 6) === "{lang=") {
			var close = s.indexOf("}", 6);
			if (close < 0 || !language(s.slice(6, close)))
				return false;
			s = s.slice(close + 1);
		}
		return within(s, limit);
	}

	function identifier(s, limit) {
		return s.length > 0 && !/[\x00-\x20\x7F]/.test(s) &&
		    within(s, limit);
	}

	function rangeOk(e, v) {
		return !(e.min !== null && v < e.min) &&
		    !(e.max !== null && v > e.max);
	}

	/* HH[HH]:MM:SS[.S[S]] (CMITimespan), HH:MM:SS[.S[S]] (CMITime). */
	function timespan(s, time) {
		var m = (time ? /^(\d\d):(\d\d):(\d\d)(\.\d{1,2})?$/ :
		    /^(\d{2,4}):(\d\d):(\d\d)(\.\d{1,2})?$/).exec(s);
		return m !== null && +m[2] <= 59 && +m[3] <= 59 &&
		    (!time || +m[1] <= 23);
	}

	/* P[nY][nM][nD][T[nH][nM][n[.n]S]], at least one component. */
	function duration(s) {
		var m = /^P(?:\d{1,9}Y)?(?:\d{1,9}M)?(?:\d{1,9}D)?(T(?:\d{1,9}H)?(?:\d{1,9}M)?(?:\d{1,9}(?:\.\d{1,9})?S)?)?$/
		    .exec(s);
		return m !== null && s.length > 1 &&
		    (m[1] === undefined || m[1].length > 1);
	}

	/* YYYY[-MM[-DD[Thh[:mm[:ss[.s[s]][TZD]]]]]], a date of 1970-2038. */
	function timestamp(s) {
		var m = /^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d)(?::(\d\d)(?::(\d\d)(?:\.\d{1,2})?(?:Z|[+-](\d\d)(?::(\d\d))?)?)?)?)?)?)?$/
		    .exec(s);
		if (m === null)
			return false;
		var y = +m[1], mo = m[2] ? +m[2] : 1, d = m[3] ? +m[3] : 1;
		var dim = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		    31][mo - 1] + (mo === 2 && ((y % 4 === 0 &&
		    y % 100 !== 0) || y % 400 === 0) ? 1 : 0);
		return y >= 1970 && y <= 2038 && mo >= 1 && mo <= 12 &&
		    d >= 1 && d <= dim && !(m[4] && +m[4] > 23) &&
		    !(m[5] && +m[5] > 59) && !(m[6] && +m[6] > 59) &&
		    !(m[7] && +m[7] > 23) && !(m[8] && +m[8] > 59);
	}

	/* short_identifier_type in a response: no brackets, which delimit. */
	function shortId(s) {
		return identifier(s, 250) && !/[[\]]/.test(s);
	}

	/* min[:]max, either side empty; or one number. */
	function numericRange(s) {
		var d = s.indexOf("[:]");
		if (d < 0)
			return decSyntax(s);
		var lo = s.slice(0, d), hi = s.slice(d + 3);
		if ((lo && !decSyntax(lo)) || (hi && !decSyntax(hi)))
			return false;
		return !(lo && hi && parseFloat(lo) > parseFloat(hi));
	}

	/* Removes a leading {name=true|false}: 1, 0 if absent, -1 if bad. */
	function stripFlag(o, name) {
		var p = "{" + name + "=";
		if (o.s.slice(0, p.length) !== p)
			return 0;
		var rest = o.s.slice(p.length);
		if (rest.slice(0, 5) === "true}") {
			o.s = rest.slice(5);
			return 1;
		}
		if (rest.slice(0, 6) === "false}") {
			o.s = rest.slice(6);
			return 1;
		}
		return -1;
	}

	function listIds(s, max, allowEmpty, unique) {
		if (s === "")
			return allowEmpty ? VALID : BAD_TYPE;
		var parts = s.split("[,]"), i;
		for (i = 0; i < parts.length; i++) {
			if (!shortId(parts[i]))
				return BAD_TYPE;
			if (i + 1 > max)
				return BAD_COUNT;
			if (unique && parts.indexOf(parts[i]) < i)
				return BAD_TYPE;
		}
		return VALID;
	}

	/* a[.]b pairs: matching (perf 0), performance response (1), pattern. */
	function listPairs(s, perf) {
		if (s === "")
			return BAD_TYPE;
		var parts = s.split("[,]"), i, d, a, b;
		for (i = 0; i < parts.length; i++) {
			if (i + 1 > (perf ? 125 : 36))
				return BAD_COUNT;
			if ((d = parts[i].indexOf("[.]")) < 0)
				return BAD_TYPE;
			a = parts[i].slice(0, d);
			b = parts[i].slice(d + 3);
			if (!perf) {
				if (!shortId(a) || !shortId(b))
					return BAD_TYPE;
				continue;
			}
			if ((a === "" && b === "") || (a !== "" && !shortId(a)))
				return BAD_TYPE;
			if (perf === 2 && b.indexOf("[:]") >= 0) {
				if (!numericRange(b))
					return BAD_TYPE;
			} else if (!within(b, 250))
				return BAD_TYPE;
		}
		return VALID;
	}

	function listFill(s) {
		var parts = s.split("[,]"), i;
		for (i = 0; i < parts.length; i++) {
			if (i + 1 > 10)
				return BAD_COUNT;
			if (!localized(parts[i], 250))
				return BAD_TYPE;
		}
		return VALID;
	}

	/* A 2004 learner_response or correct_responses pattern. */
	function response(itype, v, pattern) {
		var o = { s: v }, cm = 0, om = 0, r;

		switch (itype) {
		case "true-false":
			return v === "true" || v === "false" ? VALID : BAD_TYPE;
		case "choice":
			return listIds(v, 36, true, true);
		case "sequencing":
			return listIds(v, 36, false, false);
		case "likert":
			return shortId(v) ? VALID : BAD_TYPE;
		case "matching":
			return listPairs(v, 0);
		case "performance":
			if (pattern && stripFlag(o, "order_matters") === -1)
				return BAD_TYPE;
			return listPairs(o.s, pattern ? 2 : 1);
		case "fill-in":
			while (pattern) {
				if (!cm && (r = stripFlag(o, "case_matters"))) {
					if (r === -1)
						return BAD_TYPE;
					cm = 1;
				} else if (!om &&
				    (r = stripFlag(o, "order_matters"))) {
					if (r === -1)
						return BAD_TYPE;
					om = 1;
				} else
					break;
			}
			return listFill(o.s);
		case "long-fill-in":
			if (pattern && stripFlag(o, "case_matters") === -1)
				return BAD_TYPE;
			return localized(o.s, 4000) ? VALID : BAD_TYPE;
		case "numeric":
			if (pattern)
				return numericRange(v) ? VALID : BAD_TYPE;
			return decSyntax(v) ? VALID : BAD_TYPE;
		case "other":
			return within(v, 4000) ? VALID : BAD_TYPE;
		}
		return BAD_TYPE;
	}

	var PATTERNS_MAX = { "true-false": 1, "choice": 10, "fill-in": 5,
	    "long-fill-in": 5, "likert": 1, "matching": 5, "performance": 5,
	    "sequencing": 5, "numeric": 1, "other": 1 };

	function check(e, v, suspendMax, itype) {
		var d, m;

		switch (e.type) {
		case T_STRING:
			return within(v, e.limit) ? VALID : BAD_TYPE;
		case T_SUSPEND:
			return within(v, suspendMax) ? VALID : BAD_TYPE;
		case T_LOCALIZED:
			return localized(v, e.limit) ? VALID : BAD_TYPE;
		case T_IDENTIFIER:
			return identifier(v, e.limit) ? VALID : BAD_TYPE;
		case T_VOCAB:
			return e.vocab.indexOf(v) >= 0 ? VALID : BAD_TYPE;
		case T_SCORE12:
			if (v === "")
				return VALID;
			if ((d = decimal(v)) === null)
				return BAD_TYPE;
			return d >= 0 && d <= 100 ? VALID : BAD_RANGE;
		case T_DECIMAL:
			if ((d = decimal(v)) === null)
				return BAD_TYPE;
			return rangeOk(e, d) ? VALID : BAD_RANGE;
		case T_INTEGER:
			if (!/^-?\d{1,9}$/.test(v))
				return BAD_TYPE;
			return rangeOk(e, parseInt(v, 10)) ? VALID : BAD_RANGE;
		case T_TIME12:
			return timespan(v, true) ? VALID : BAD_TYPE;
		case T_TIMESPAN:
			return timespan(v, false) ? VALID : BAD_TYPE;
		case T_DURATION:
			return duration(v) ? VALID : BAD_TYPE;
		case T_TIMESTAMP:
			return timestamp(v) ? VALID : BAD_TYPE;
		case T_LANGUAGE:
			return v === "" || language(v) ? VALID : BAD_TYPE;
		case T_RESULT:
			return e.vocab.indexOf(v) >= 0 || decSyntax(v) ? VALID :
			    BAD_TYPE;
		case T_RESPONSE:
			return itype == null ? BAD_TYPE :
			    response(itype, v, false);
		case T_PATTERN:
			return itype == null ? BAD_TYPE :
			    response(itype, v, true);
		case T_NAV:
			if (v.length > 8 && v.slice(0, 8) === "{target=") {
				m = /^\{target=([^}]*)\}(.*)$/.exec(v);
				if (m === null || !identifier(m[1], 4000) ||
				    m[1].indexOf("{") >= 0)
					return BAD_TYPE;
				return m[2] === "choice" || m[2] === "jump" ?
				    VALID : BAD_TYPE;
			}
			return NAV.indexOf(v) >= 0 ? VALID : BAD_TYPE;
		case T_COUNT:
			return /^\d{1,9}$/.test(v) ? VALID : BAD_TYPE;
		}
		return BAD_TYPE;
	}

	/* ---------------------------------------------------------------
	 * The store and GetValue/SetValue (modules/cmi/cmi.c).
	 */

	/* Codes by cause: [SCORM 1.2, SCORM 2004]. */
	var E = {
		EMPTY_GET: [201, 301], EMPTY_SET: [201, 351],
		MALFORMED: [201, 201], UNDEFINED: [401, 401],
		NO_CHILDREN: [202, 301], NO_COUNT: [203, 301],
		NO_RECORD_GET: [201, 301], NO_RECORD_SET: [201, 351],
		KEYWORD: [402, 404], READ_ONLY: [403, 404],
		WRITE_ONLY: [404, 405], TOO_MANY: [101, 351],
		TYPE: [405, 406], RANGE: [405, 407], DEPENDENCY: [0, 408],
		UNIQUE: [0, 351], NOT_SET: [0, 403]
	};

	function Model(version, suspendMax) {
		this.version = version;
		this.v04 = version === "2004" ? 1 : 0;
		this.m = model(version);
		this.suspendMax = suspendMax > 0 ? suspendMax :
		    SUSPEND_DEFAULT[version];
		this.items = new Map();		/* name -> item */
		this.counts = new Map();	/* group -> records */
		this.nested = new Map();	/* group.i0.elem -> records */
		this.bytes = 0;
		this.diag = "";
	}

	Model.prototype.fail = function (name, cause, text) {
		this.diag = (name === "" ? "\"\"" : name.length > 80 ?
		    name.slice(0, 80) + "..." : name) + ": " + text;
		return E[cause][this.v04];
	};

	Model.prototype.ok = function () {
		this.diag = "";
		return 0;
	};

	/*
	 * What a name refers to: {elem, idx} or {kind: "_children" or
	 * "_count", node (null: a known name without one), idx}, or a
	 * string: why it refers to nothing.
	 */
	Model.prototype.resolve = function (name) {
		var m = this.m, comps, idx = [], last, i, rest, n;

		if (name === "")
			return "EMPTY";
		if (utf8len(name) > NAME_MAX || /[^\x21-\x7E]/.test(name) ||
		    name[0] === "." || name[name.length - 1] === "." ||
		    name.indexOf("..") >= 0)
			return "MALFORMED";

		if (this.v04) {
			var nav = /^adl\.nav\.request_valid\.(choice|jump)\./
			    .exec(name);
			if (nav) {
				rest = name.slice(nav[0].length);
				n = rest.length;
				if (n >= 10 && rest.slice(0, 8) === "{target=" &&
				    rest[n - 1] === "}" &&
				    !/[{}]/.test(rest.slice(8, n - 1)))
					return { elem: m.byName[
					    "adl.nav.request_valid." + nav[1] +
					    ".{target}"], idx: [] };
			}
		}

		comps = name.split(".");
		/* A literal "#" matches no pattern. */
		if (comps.length > COMPS_MAX || comps.indexOf("#") >= 0)
			return "UNDEFINED";
		for (i = 0; i < comps.length; i++) {
			if (!/^\d+$/.test(comps[i]))
				continue;
			if (idx.length === 2)
				return "UNDEFINED";
			idx.push(comps[i].length > 9 || (comps[i].length > 1 &&
			    comps[i][0] === "0") ? NO_INDEX : +comps[i]);
			comps[i] = "#";
		}

		last = comps[comps.length - 1];
		if (last === "_children" || last === "_count") {
			if (comps.length < 2)
				return "UNDEFINED";
			var prefix = comps.slice(0, -1).join(".");
			for (i = 0; i < m.nodes.length; i++) {
				if (m.nodes[i].name === prefix)
					return { kind: last, node: m.nodes[i],
					    idx: idx };
			}
			for (i = 0; i < m.elems.length; i++) {
				if (!m.elems[i].lms &&
				    (m.elems[i].name === prefix ||
				    m.elems[i].name.slice(0, prefix.length +
				    1) === prefix + "."))
					return { kind: last, node: null,
					    idx: idx };
			}
			return "UNDEFINED";
		}

		var e = m.byName[comps.join(".")];
		return e === undefined ? "UNDEFINED" : { elem: e, idx: idx };
	};

	Model.prototype.key = function (e, idx) {
		return e.group === "" ? e.name : e.group + "." + idx[0] +
		    (e.depth >= 2 ? "." + e.id + "." + idx[1] : ".." + e.id);
	};

	Model.prototype.count = function (group) {
		return this.counts.get(group) || 0;
	};

	Model.prototype.nestedCount = function (group, i0, e) {
		return this.nested.get(group + "." + i0 + "." + e.id) || 0;
	};

	/* The stored value of "<group>.i0.<field>", or null. */
	Model.prototype.field = function (group, i0, field) {
		var e = this.m.byName[group + ".#." + field];
		if (e === undefined)
			return null;
		var it = this.items.get(this.key(e, [i0]));
		return it ? it.value : null;
	};

	Model.prototype.exists = function (e, idx) {
		if (e.group === "")
			return true;
		if (idx[0] >= this.count(e.group))
			return false;
		return e.depth < 2 ||
		    idx[1] < this.nestedCount(e.group, idx[0], e);
	};

	Model.prototype.store = function (e, idx, name, value) {
		var k = this.key(e, idx), it = this.items.get(k);

		if (it) {
			if (e.type !== T_SUSPEND)
				this.bytes -= it.bytes;
		} else {
			it = { name: name, elem: e };
			this.items.set(k, it);
			if (e.group !== "") {
				if (idx[0] + 1 > this.count(e.group))
					this.counts.set(e.group, idx[0] + 1);
				if (e.depth >= 2) {
					var nk = e.group + "." + idx[0] + "." +
					    e.id;
					this.nested.set(nk,
					    (this.nested.get(nk) || 0) + 1);
				}
			}
		}
		it.value = value;
		it.bytes = e.type === T_SUSPEND ? 0 : utf8len(value);
		this.bytes += it.bytes;
	};

	/* A stored value, no default and no rule; null if none. */
	Model.prototype.stored = function (name) {
		var r = this.resolve(name);
		if (typeof r === "string" || !r.elem)
			return null;
		var it = this.items.get(this.key(r.elem, r.idx));
		return it ? it.value : null;
	};

	/* An LMS value, as ol_cmi_put(): true if taken. */
	Model.prototype.put = function (name, value) {
		var r = this.resolve(name), e;

		value = String(value);
		if (typeof r === "string" || !r.elem || r.elem.konst ||
		    !wellFormed(value))
			return false;
		e = r.elem;
		if (e.type === T_COUNT && check(e, value) !== VALID)
			return false;
		if (e.group !== "") {
			var count = this.count(e.group);
			if (r.idx[0] > count || (r.idx[0] === count &&
			    count >= ARRAY_MAX))
				return false;
			if (e.depth >= 2) {
				var nc = r.idx[0] < count ? this.nestedCount(
				    e.group, r.idx[0], e) : 0;
				if (r.idx[1] > nc || (r.idx[1] === nc &&
				    nc >= NESTED_MAX))
					return false;
			}
		}
		this.store(e, r.idx, name, value);
		return true;
	};

	function numberOf(model, name) {
		var s = model.stored(name);
		return s === null ? null : decimal(s);
	}

	/* 2004 completion_status and success_status as GetValue gives them. */
	Model.prototype.status = function (which) {
		var limit, v, s;

		if (which === "completion") {
			limit = numberOf(this, "cmi.completion_threshold");
			if (limit !== null) {
				v = numberOf(this, "cmi.progress_measure");
				return v === null ? "unknown" : v >= limit ?
				    "completed" : "incomplete";
			}
			s = this.stored("cmi.completion_status");
		} else {
			limit = numberOf(this, "cmi.scaled_passing_score");
			if (limit !== null) {
				v = numberOf(this, "cmi.score.scaled");
				return v === null ? "unknown" : v >= limit ?
				    "passed" : "failed";
			}
			s = this.stored("cmi.success_status");
		}
		return s === null ? "unknown" : s;
	};

	/* GetValue: [value, code]. */
	Model.prototype.get = function (name) {
		var r = this.resolve(name), e, node, it, n;

		switch (r) {
		case "EMPTY":
			return ["", this.fail(name, "EMPTY_GET",
			    "no element name")];
		case "MALFORMED":
			return ["", this.fail(name, "MALFORMED",
			    "malformed element name")];
		case "UNDEFINED":
			return ["", this.fail(name, "UNDEFINED",
			    "not an element of the data model")];
		}

		if (r.kind) {
			node = r.node;
			if (r.kind === "_children") {
				if (node === null || node.children === null)
					return ["", this.fail(name,
					    "NO_CHILDREN",
					    "the element has no children")];
				if (r.idx.length > 0 && r.idx[0] >=
				    this.count(node.name.split(".#")[0]))
					return ["", this.fail(name,
					    "NO_RECORD_GET", "no record " +
					    r.idx[0] + " in the array")];
				this.ok();
				return [node.children, 0];
			}
			if (node === null || (node.group === "" &&
			    node.field === null))
				return ["", this.fail(name, "NO_COUNT",
				    "the element is not an array")];
			if (node.group !== "")
				n = this.count(node.group);
			else {
				e = this.m.byName[node.field];
				if (r.idx[0] >= this.count(e.group))
					return ["", this.fail(name,
					    "NO_RECORD_GET", "no record " +
					    r.idx[0] + " in the array")];
				n = this.nestedCount(e.group, r.idx[0], e);
			}
			this.ok();
			return [String(n), 0];
		}

		e = r.elem;
		if (e.lms)
			return ["", this.fail(name, "UNDEFINED",
			    "not an element of the data model")];
		if (!e.r)
			return ["", this.fail(name, "WRITE_ONLY",
			    "the element is write-only")];
		if (!this.exists(e, r.idx))
			return ["", this.fail(name, "NO_RECORD_GET",
			    "no such record: the index is not below _count")];
		this.ok();
		if (e.konst)
			return [e.def, 0];
		if (this.v04 && e.name === "cmi.completion_status")
			return [this.status("completion"), 0];
		if (this.v04 && e.name === "cmi.success_status")
			return [this.status("success"), 0];
		if ((it = this.items.get(this.key(e, r.idx))))
			return [it.value, 0];
		if (e.def !== null || !this.v04)
			return [e.def !== null ? e.def : "", 0];
		return ["", this.fail(name, "NOT_SET",
		    "no value has been set")];
	};

	/* SetValue: the code. */
	Model.prototype.set = function (name, value) {
		var r = this.resolve(name), e, g, i0, i1, count, nc, itype,
		    cap, it, k, c;

		switch (r) {
		case "EMPTY":
			return this.fail(name, "EMPTY_SET", "no element name");
		case "MALFORMED":
			return this.fail(name, "MALFORMED",
			    "malformed element name");
		case "UNDEFINED":
			return this.fail(name, "UNDEFINED",
			    "not an element of the data model");
		}
		if (r.kind)
			return this.fail(name, "KEYWORD",
			    "_children and _count are read-only keywords");
		e = r.elem;
		if (e.lms)
			return this.fail(name, "UNDEFINED",
			    "not an element of the data model");
		if (e.konst || !e.w)
			return this.fail(name, "READ_ONLY",
			    "the element is read-only");

		/* Records are added in index order only. */
		g = e.group;
		i0 = r.idx[0];
		i1 = r.idx[1];
		nc = 0;
		if (g !== "") {
			count = this.count(g);
			if (i0 > count)
				return this.fail(name, "NO_RECORD_SET",
				    "index " + i0 + " is past _count " + count);
			if (i0 === count && count >= ARRAY_MAX)
				return this.fail(name, "TOO_MANY",
				    "more than " + ARRAY_MAX + " records");
			if (e.depth >= 2) {
				nc = i0 < count ? this.nestedCount(g, i0, e) :
				    0;
				if (i1 > nc)
					return this.fail(name, "NO_RECORD_SET",
					    "index " + i1 + " is past _count " +
					    nc);
			}
		}

		/* SCORM 2004: what must be set first. */
		itype = null;
		if (this.v04 && e.dep) {
			if (this.field(g, i0, "id") === null)
				return this.fail(name, "DEPENDENCY",
				    "the record's id must be set first");
			if (e.dep === DEP_TYPE &&
			    (itype = this.field(g, i0, "type")) === null)
				return this.fail(name, "DEPENDENCY",
				    "the interaction's type must be set first");
		}
		if (g !== "" && e.depth >= 2 && i1 === nc) {
			cap = e.type === T_PATTERN ?
			    PATTERNS_MAX[itype] || 0 : NESTED_MAX;
			if (nc >= cap)
				return this.fail(name, "TOO_MANY",
				    "at most " + cap + " records here");
		}

		/* The value. */
		if (!wellFormed(value) || (e.type !== T_SUSPEND &&
		    value.length > 524288))
			return this.fail(name, "TYPE",
			    "the value is too long or not UTF-8");
		switch (check(e, value, this.suspendMax, itype)) {
		case VALID:
			break;
		case BAD_RANGE:
			return this.fail(name, "RANGE",
			    "the value is out of range");
		case BAD_COUNT:
			return this.fail(name, "TOO_MANY",
			    "the value has more parts than allowed");
		default:
			return this.fail(name, "TYPE", "the value is not " +
			    (e.type === T_SUSPEND ? this.suspendMax +
			    " characters or less" : e.limit ? "of " + e.limit +
			    " characters or less" : e.type === T_RESPONSE ||
			    e.type === T_PATTERN ? "a valid " + itype +
			    " response" : "valid for the element"));
		}

		/* SCORM 2004: identifiers and choice patterns that differ. */
		if (this.v04) {
			if (e.name === "cmi.objectives.#.id") {
				it = this.items.get(this.key(e, r.idx));
				if (it && it.value !== value)
					return this.fail(name, "UNIQUE",
					    "an objective's id cannot change " +
					    "once set");
				for (k = 0; k < this.count(g); k++) {
					if (k !== i0 && this.field(g, k, "id") ===
					    value)
						return this.fail(name, "UNIQUE",
						    "objective " + k +
						    " has that id already");
				}
			} else if (e.depth >= 2 && (e.type === T_IDENTIFIER ||
			    (e.type === T_PATTERN && itype === "choice"))) {
				c = this.nestedCount(g, i0, e);
				for (k = 0; k < c; k++) {
					it = this.items.get(this.key(e,
					    [i0, k]));
					if (k !== i1 && it && it.value === value)
						return this.fail(name, "UNIQUE",
						    "the same value is at " +
						    "index " + k + " already");
				}
			}
		}

		if (e.type !== T_SUSPEND) {
			it = this.items.get(this.key(e, r.idx));
			if (utf8len(value) > DATA_MAX - (this.bytes -
			    (it ? it.bytes : 0)))
				return this.fail(name, "TOO_MANY",
				    "the attempt holds too much data");
		}

		this.store(e, r.idx, name, value);
		return this.ok();
	};

	/* ---------------------------------------------------------------
	 * The run-time API over a model, and its change log.
	 */

	var STRINGS = {
		"1.2": { 0: "No error", 101: "General exception",
		    201: "Invalid argument error",
		    202: "Element cannot have children",
		    203: "Element not an array - cannot have count",
		    301: "Not initialized", 401: "Not implemented error",
		    402: "Invalid set value, element is a keyword",
		    403: "Element is read only", 404: "Element is write only",
		    405: "Incorrect data type" },
		"2004": { 0: "No Error", 101: "General Exception",
		    102: "General Initialization Failure",
		    103: "Already Initialized",
		    104: "Content Instance Terminated",
		    111: "General Termination Failure",
		    112: "Termination Before Initialization",
		    113: "Termination After Termination",
		    122: "Retrieve Data Before Initialization",
		    123: "Retrieve Data After Termination",
		    132: "Store Data Before Initialization",
		    133: "Store Data After Termination",
		    142: "Commit Before Initialization",
		    143: "Commit After Termination",
		    201: "General Argument Error", 301: "General Get Failure",
		    351: "General Set Failure", 391: "General Commit Failure",
		    401: "Undefined Data Model Element",
		    402: "Unimplemented Data Model Element",
		    403: "Data Model Element Value Not Initialized",
		    404: "Data Model Element Is Read Only",
		    405: "Data Model Element Is Write Only",
		    406: "Data Model Element Type Mismatch",
		    407: "Data Model Element Value Out Of Range",
		    408: "Data Model Dependency Not Established" }
	};

	/*
	 * Session state errors: [before Initialize, after Terminate] for
	 * each call; Initialize: [already initialized, after Terminate].
	 */
	var STATE = {
		"1.2": { init: [101, 101], term: [301, 101], get: [301, 101],
		    set: [301, 101], commit: [301, 101] },
		"2004": { init: [103, 104], term: [112, 113], get: [122, 123],
		    set: [132, 133], commit: [142, 143] }
	};

	var NOT_STARTED = 0, RUNNING = 1, ENDED = 2;

	/*
	 * The API for a version over an initial state (element -> string),
	 * without any network. options: session (number, for payloads),
	 * suspendMax, commit(payload) called with each payload, idleMs
	 * (10000: a payload after that long without SetValue),
	 * onTerminate(navRequest) within the content's own Terminate.
	 * Returns {api, log, model, state(), put(), record(), flush(),
	 * terminate()}.
	 */
	function createApi(version, values, options) {
		version = String(version) === "1.2" ? "1.2" : "2004";
		options = options || {};
		var v12 = version === "1.2";
		var md = new Model(version, options.suspendMax);
		var state = NOT_STARTED, last = 0, lastDiag = "";
		var changes = new Map(), dirty = false, seq = 0;
		var idleMs = options.idleMs != null ? options.idleMs : 10000;
		var timer = null, dirtySince = 0;
		var codes = STATE[version];

		Object.keys(values || {}).forEach(function (k) {
			md.put(k, values[k]);
		});

		function err(code, diag) {
			last = code;
			lastDiag = diag || "";
			return code;
		}

		function str(v) {
			return v == null ? "" : String(v);
		}

		/* A payload of everything set this session. */
		function flush(terminate) {
			if (timer !== null) {
				clearTimeout(timer);
				timer = null;
			}
			if (!dirty && !terminate)
				return null;
			dirty = false;
			var p = { session: options.session != null ?
			    options.session : null, seq: ++seq,
			    values: Array.from(changes),
			    terminate: !!terminate };
			if (options.commit)
				options.commit(p);
			return p;
		}

		function schedule() {
			var now = Date.now();
			if (!options.commit)
				return;
			if (timer === null)
				dirtySince = now;
			else
				clearTimeout(timer);
			/* Content that sets without pause: at most 3 idles. */
			timer = setTimeout(function () {
				timer = null;
				flush(false);
			}, Math.max(0, Math.min(idleMs,
			    dirtySince + 3 * idleMs - now)));
		}

		/* A Map keeps the order in which elements were first set. */
		function logSet(name, value) {
			changes.set(name, value);
			dirty = true;
		}

		function guard(which, arg) {
			if (state !== RUNNING)
				return err(codes[which][state === NOT_STARTED ?
				    0 : 1]);
			if (arg !== undefined && str(arg) !== "")
				return err(201);
			return 0;
		}

		function initialize(arg) {
			if (state !== NOT_STARTED) {
				err(codes.init[state === RUNNING ? 0 : 1]);
				return "false";
			}
			if (str(arg) !== "") {
				err(201);
				return "false";
			}
			state = RUNNING;
			err(0);
			return "true";
		}

		function terminate(arg) {
			if (guard("term", arg))
				return "false";
			var nav = v12 ? null : changes.has("adl.nav.request") ?
			    changes.get("adl.nav.request") : null;
			if (nav === "suspendAll" && !changes.has("cmi.exit"))
				logSet("cmi.exit", "suspend");
			state = ENDED;
			flush(true);
			err(0);
			if (options.onTerminate)
				options.onTerminate(nav);
			return "true";
		}

		function getValue(name) {
			if (state !== RUNNING) {
				err(codes.get[state === NOT_STARTED ? 0 : 1]);
				return "";
			}
			var r = md.get(str(name));
			err(r[1], md.diag);
			return r[0];
		}

		function setValue(name, value) {
			if (state !== RUNNING) {
				err(codes.set[state === NOT_STARTED ? 0 : 1]);
				return "false";
			}
			name = str(name);
			value = str(value);
			if (err(md.set(name, value), md.diag))
				return "false";
			logSet(name, value);
			schedule();
			return "true";
		}

		function commit(arg) {
			if (guard("commit", arg))
				return "false";
			flush(false);
			err(0);
			return "true";
		}

		function errorString(code) {
			var s = STRINGS[version][parseInt(str(code), 10)];
			return s !== undefined && /^\d+$/.test(str(code)) ? s :
			    "";
		}

		function diagnostic(code) {
			code = str(code);
			if (code === "" || code === String(last))
				return lastDiag !== "" ? lastDiag.slice(0, 255) :
				    errorString(last);
			return errorString(code);
		}

		var api = v12 ? {
			LMSInitialize: initialize,
			LMSFinish: terminate,
			LMSGetValue: getValue,
			LMSSetValue: setValue,
			LMSCommit: commit,
			LMSGetLastError: function () { return String(last); },
			LMSGetErrorString: errorString,
			LMSGetDiagnostic: diagnostic
		} : {
			Initialize: initialize,
			Terminate: terminate,
			GetValue: getValue,
			SetValue: setValue,
			Commit: commit,
			GetLastError: function () { return String(last); },
			GetErrorString: errorString,
			GetDiagnostic: diagnostic,
			version: "1.0"
		};

		return {
			api: api,
			model: md,
			version: version,
			log: {
				entries: function () {
					return Array.from(changes);
				},
				get seq() { return seq; }
			},
			state: function () {
				return ["not initialized", "running",
				    "terminated"][state];
			},
			/* An LMS value (no checks), as the launch's. */
			put: function (name, value) {
				return md.put(str(name), str(value));
			},
			/* A value the player sets on the learner's behalf. */
			record: function (name, value) {
				if (md.put(name, value))
					logSet(name, value);
			},
			flush: function () {
				return state === RUNNING ? flush(false) : null;
			},
			/*
			 * Terminates on the content's behalf (no navigation);
			 * content that never initialized just cannot now.
			 */
			terminate: function () {
				var was = state;
				state = ENDED;
				return was === RUNNING ? flush(true) : null;
			}
		};
	}

	var player = { createApi: createApi };
	window.OctolearnPlayer = player;

	/* ---------------------------------------------------------------
	 * The page.
	 */

	var cfgEl = document.getElementById("player-config");
	if (!cfgEl)
		return;
	var cfg = JSON.parse(cfgEl.textContent);
	var msg = cfg.messages || {};
	var statusEl = document.getElementById("player-status");
	var frame = document.getElementById("sco");
	var PREFIX = "octolearn.pending.";
	var KEEPALIVE_MAX = 60000;
	var commitPrefix = cfg.commit_url.split("{attempt}")[0];
	var headers = { "Content-Type": "application/json",
	    "X-CSRF-Token": cfg.csrf };

	function say(key, arg) {
		if (statusEl && msg[key] !== undefined)
			statusEl.textContent = msg[key].replace("%s",
			    arg == null ? "" : arg);
		if (statusEl)
			statusEl.dataset.state = key;
	}

	function storage() {
		try {
			return window.localStorage;
		} catch (e) {
			return null;
		}
	}

	function storeGet(key) {
		try {
			return JSON.parse(storage().getItem(key));
		} catch (e) {
			return null;
		}
	}

	/*
	 * The outbox: per attempt (commit URL) a lane holding the newest
	 * payload of each session, one request in flight, retries with
	 * backoff; localStorage keeps each payload until acknowledged.
	 */
	var lanes = new Map();
	var unloading = false, sticky = null, finished = false;

	function lane(url) {
		var l = lanes.get(url);
		if (!l) {
			l = { url: url, pend: new Map(), busy: false,
			    timer: null, delay: 1000, fail: null };
			lanes.set(url, l);
		}
		return l;
	}

	function showState() {
		var fail = null, busy = false;
		lanes.forEach(function (l) {
			if (l.fail === "signed_out" || (l.fail && !fail))
				fail = l.fail;
			if (l.busy || l.pend.size)
				busy = true;
		});
		if (fail)
			say(fail);
		else if (sticky)
			say("rejected", sticky);
		else if (busy)
			say("saving");
		else
			say(finished ? "finished" : "saved");
	}

	function failing() {
		var f = false;
		lanes.forEach(function (l) {
			if (l.fail && l.pend.size)
				f = true;
		});
		return f;
	}

	function pending() {
		var n = 0;
		lanes.forEach(function (l) { n += l.pend.size; });
		return n;
	}

	function forget(entry) {
		var s = storeGet(entry.key);
		if (s && s.body && s.body.seq <= entry.body.seq) {
			try {
				storage().removeItem(entry.key);
			} catch (e) { /* nothing kept */ }
		}
	}

	/* Takes entry out once seq (or a later one) is settled. */
	function settle(l, entry, seq) {
		var p = l.pend.get(entry.body.session);
		if (p && p.body.seq <= seq)
			l.pend.delete(entry.body.session);
		forget({ key: entry.key, body: { seq: seq } });
	}

	function queue(url, body) {
		var entry = { key: PREFIX + url + "." + body.session,
		    body: body };
		try {
			storage().setItem(entry.key, JSON.stringify({ url: url,
			    body: body }));
		} catch (e) { /* sent from memory all the same */ }
		var l = lane(url);
		l.pend.set(body.session, entry);
		sticky = null;
		if (unloading)
			post(l, entry, true);
		else
			pump(l);
		showState();
	}

	function post(l, entry, keepalive) {
		var text = JSON.stringify(entry.body);
		var init = { method: "POST", headers: headers,
		    credentials: "same-origin", body: text };
		if (keepalive && utf8len(text) <= KEEPALIVE_MAX)
			init.keepalive = true;
		var sent;
		try {
			sent = fetch(l.url, init);
		} catch (e) {
			sent = Promise.reject(e);
		}
		if (init.keepalive)
			sent = sent.catch(function () {
				delete init.keepalive;
				return fetch(l.url, init);
			});
		return sent.then(function (res) {
			return res.json().catch(function () {
				return {};
			}).then(function (j) {
				return answer(l, entry, res.status, j || {});
			});
		}, function () {
			return answer(l, entry, 0, {});
		});
	}

	/* The server's answer: true when the payload is settled. */
	function answer(l, entry, status, j) {
		var seq = entry.body.seq;

		if (status === 200) {
			settle(l, entry, typeof j.seq === "number" &&
			    j.seq > seq ? j.seq : seq);
			l.fail = null;
			l.delay = 1000;
		} else if (status === 409) {
			settle(l, entry, Infinity);
		} else if (status >= 400 && status < 500 && status !== 401 &&
		    status !== 403 && status !== 408 && status !== 429) {
			settle(l, entry, seq);
			var e = j.error || {};
			sticky = (e.element ? e.element + ": " : "") +
			    (e.message || String(status));
			l.fail = null;
		} else {
			l.fail = status === 401 || status === 403 ?
			    "signed_out" : "offline";
			showState();
			return false;
		}
		showState();
		return true;
	}

	function pump(l) {
		if (l.busy || l.timer !== null || l.pend.size === 0)
			return;
		/* The oldest session first. */
		var entry = null;
		l.pend.forEach(function (p) {
			if (entry === null || p.body.session < entry.body.session)
				entry = p;
		});
		l.busy = true;
		showState();
		post(l, entry, false).then(function (done) {
			l.busy = false;
			if (!done && l.pend.size) {
				l.timer = setTimeout(function () {
					l.timer = null;
					pump(l);
				}, l.delay);
				l.delay = Math.min(l.delay * 2, 30000);
			} else
				pump(l);
			showState();
		});
	}

	/* Everything pending at once, with keepalive: the page is going. */
	function sendAll() {
		lanes.forEach(function (l) {
			l.pend.forEach(function (entry) {
				post(l, entry, true);
			});
		});
	}

	/* Resolves when nothing is pending, a lane failed, or after ms. */
	function drained(ms) {
		var until = Date.now() + ms;
		return new Promise(function (resolve) {
			(function poll() {
				var failed = false;
				lanes.forEach(function (l) {
					if (l.fail)
						failed = true;
				});
				if (pending() === 0 || failed ||
				    Date.now() >= until)
					resolve();
				else
					setTimeout(poll, 100);
			})();
		});
	}

	window.addEventListener("online", function () {
		lanes.forEach(function (l) {
			if (l.timer !== null) {
				clearTimeout(l.timer);
				l.timer = null;
			}
			l.delay = 1000;
			pump(l);
		});
		rouse();
	});

	/* ---- items and navigation */

	var items = (cfg.items || []).filter(function (i) {
		return i.launch;
	});
	var current = null;	/* {item, ctl} */
	var wanted = null, chain = Promise.resolve();
	var unloadingSco = false, leaving = false;

	function indexOf(ident) {
		for (var i = 0; i < items.length; i++) {
			if (items[i].identifier === ident)
				return i;
		}
		return -1;
	}

	function mark() {
		var i = current ? indexOf(current.item.identifier) : -1;
		document.querySelectorAll("#toc a[data-item]").forEach(
		    function (a) {
			if (current && a.dataset.item ===
			    current.item.identifier)
				a.setAttribute("aria-current", "page");
			else
				a.removeAttribute("aria-current");
		});
		var prev = document.getElementById("prev");
		var next = document.getElementById("next");
		if (prev)
			prev.disabled = i <= 0;
		if (next)
			next.disabled = i < 0 || i >= items.length - 1;
	}

	function request(url, body) {
		return fetch(url, { method: "POST", headers: headers,
		    credentials: "same-origin", body: JSON.stringify(body) })
		    .then(function (res) {
			return res.json().catch(function () {
				return {};
			}).then(function (j) {
				return { status: res.status, json: j || {} };
			});
		}, function () {
			return { status: 0, json: {} };
		});
	}

	/* A wait that rouse() cuts short (a click, the connection back). */
	var wake = null;

	function sleep(ms) {
		return new Promise(function (resolve) {
			var t = setTimeout(done, ms);
			function done() {
				clearTimeout(t);
				wake = null;
				resolve();
			}
			wake = done;
		});
	}

	function rouse() {
		if (wake)
			wake();
	}

	/* The frame shows url; resolves on its load (or after ms). */
	function show(url, ms) {
		return new Promise(function (resolve) {
			var t = setTimeout(resolve, ms);
			frame.addEventListener("load", function once() {
				frame.removeEventListener("load", once);
				clearTimeout(t);
				resolve();
			});
			frame.src = url;
		});
	}

	/*
	 * Ends the current SCO: unloads the content (which often terminates
	 * in its unload handler), then terminates for it if it did not.
	 */
	function unloadCurrent(suspend) {
		var c = current;
		if (!c || !c.ctl || c.ctl.state() !== "running") {
			if (c && c.ctl)
				c.ctl.terminate();
			return Promise.resolve();
		}
		if (suspend)
			c.ctl.record(c.ctl.version === "1.2" ?
			    "cmi.core.exit" : "cmi.exit", "suspend");
		unloadingSco = true;
		return show("about:blank", 3000).then(function () {
			unloadingSco = false;
			c.ctl.terminate();
		});
	}

	function install(ctl) {
		delete window.API;
		delete window.API_1484_11;
		if (ctl && ctl.version === "1.2")
			window.API = ctl.api;
		else if (ctl)
			window.API_1484_11 = ctl.api;
	}

	function launch(ident) {
		var item = items[indexOf(ident)];
		var delay = 1000;
		return unloadCurrent(false).then(function attempt() {
			if (wanted !== ident)
				return;
			return request(cfg.launch_url, { item: ident,
			    version: cfg.version })
			    .then(function (r) {
				if (wanted !== ident)
					return;
				if (r.status >= 400 && r.status < 500 &&
				    r.status !== 401 && r.status !== 403 &&
				    r.status !== 408 && r.status !== 429) {
					/* Not launchable: the server says why. */
					if (statusEl)
						statusEl.textContent =
						    (r.json.error &&
						    r.json.error.message) || r.status;
					return;
				}
				if (r.status !== 200) {
					say(r.status === 401 || r.status ===
					    403 ? "signed_out" : "offline");
					return sleep(delay).then(function () {
						delay = Math.min(delay * 2,
						    30000);
						return attempt();
					});
				}
				start(item, r.json);
			});
		});
	}

	function start(item, res) {
		var ctl = null;
		var url = cfg.commit_url.replace("{attempt}",
		    encodeURIComponent(res.attempt));
		if (item.scorm_type === "sco") {
			ctl = createApi(res.scorm_version || cfg.scorm_version,
			    res.values || {}, {
				session: res.session,
				suspendMax: cfg.suspend_max,
				commit: function (p) { queue(url, p); },
				onTerminate: function (nav) {
					ended(ctl, nav);
				}
			});
		}
		current = { item: item, ctl: ctl };
		finished = false;
		install(ctl);
		mark();
		try {
			history.replaceState(null, "", "?item=" +
			    encodeURIComponent(item.identifier));
		} catch (e) { /* not on this page */ }
		frame.src = item.launch;
		if (pending() || failing())
			showState();
		else if (statusEl) {
			statusEl.textContent = "";
			delete statusEl.dataset.state;
		}
	}

	function go(ident) {
		if (indexOf(ident) < 0 || leaving || (current &&
		    current.item.identifier === ident && current.ctl &&
		    current.ctl.state() === "running"))
			return;
		wanted = ident;
		rouse();
		chain = chain.then(function () {
			return wanted === ident ? launch(ident) : null;
		}).catch(function (e) {
			console.error(e);
		});
	}

	/* The content is done and nothing follows: said once saved. */
	function finish() {
		finished = true;
		showState();
	}

	function step(by) {
		var i = current ? indexOf(current.item.identifier) : -1;
		if (i + by >= 0 && i + by < items.length)
			go(items[i + by].identifier);
		else
			finish();
	}

	/* To leave_url, the SCO suspended; ask: the learner's own #leave. */
	function leave(ask) {
		if (leaving)
			return;
		if (ask && msg.leave_confirm && (failing() || (current &&
		    current.ctl && current.ctl.state() === "running")) &&
		    !window.confirm(msg.leave_confirm))
			return;
		leaving = true;
		wanted = null;
		rouse();
		/* A launch under way stops at its next step. */
		Promise.race([chain, sleep(2000)]).then(function () {
			return unloadCurrent(true);
		}).then(function () {
			return drained(5000);
		}).then(function () {
			location.href = cfg.leave_url;
		});
	}

	/*
	 * Within the content's own Terminate: its navigation request, once
	 * Terminate has returned; none while the player unloads the SCO.
	 */
	function ended(ctl, nav) {
		if (unloadingSco || leaving || !current || current.ctl !== ctl)
			return;
		setTimeout(function () {
			if (!leaving && current && current.ctl === ctl)
				navigate(nav);
		}, 0);
	}

	function navigate(nav) {
		var m = /^\{target=(.+)\}(choice|jump)$/.exec(nav || "");
		if (nav === "continue")
			step(1);
		else if (nav === "previous")
			step(-1);
		else if (m && indexOf(m[1]) >= 0)
			go(m[1]);
		else if (nav === "exitAll" || nav === "abandonAll" ||
		    nav === "suspendAll")
			leave(false);
		else
			finish();
	}

	document.addEventListener("click", function (ev) {
		var a = ev.target.closest && ev.target.closest(
		    "#toc a[data-item]");
		if (a && !ev.defaultPrevented && ev.button === 0 &&
		    !ev.ctrlKey && !ev.metaKey && !ev.shiftKey) {
			ev.preventDefault();
			go(a.dataset.item);
		}
	});
	[["prev", function () { step(-1); }],
	    ["next", function () { step(1); }],
	    ["leave", function () { leave(true); }]].forEach(function (b) {
		var el = document.getElementById(b[0]);
		if (el)
			el.addEventListener("click", function (ev) {
				ev.preventDefault();
				b[1]();
			});
	});

	/*
	 * The page hidden or going away: everything pending goes out now,
	 * with keepalive, and so does a payload of what content set since
	 * its last one. After pagehide, a payload content makes in its own
	 * unload handler (its Terminate) is sent the same way at once.
	 */
	function hide(gone) {
		sendAll();
		unloading = true;
		if (current && current.ctl)
			current.ctl.flush();
		unloading = gone;
	}

	document.addEventListener("visibilitychange", function () {
		if (document.visibilityState === "hidden")
			hide(false);
	});
	window.addEventListener("pagehide", function () {
		hide(true);
	});
	window.addEventListener("pageshow", function (ev) {
		if (ev.persisted)
			unloading = false;
	});
	window.addEventListener("beforeunload", function (ev) {
		if (failing() && !leaving) {
			ev.preventDefault();
			ev.returnValue = msg.leave_confirm || "";
		}
	});

	/* Payloads an earlier visit left: sent before the first launch. */
	(function restore() {
		var st = storage(), keys = [], i;
		if (!st)
			return;
		try {
			for (i = 0; i < st.length; i++)
				keys.push(st.key(i));
		} catch (e) {
			return;
		}
		keys.forEach(function (key) {
			if (key === null || key.indexOf(PREFIX) !== 0)
				return;
			var rec = storeGet(key);
			if (!rec || typeof rec.url !== "string" ||
			    rec.url.indexOf(commitPrefix) !== 0 ||
			    !rec.body || typeof rec.body.seq !== "number")
				return;
			lane(rec.url).pend.set(rec.body.session,
			    { key: key, body: rec.body });
		});
	})();
	lanes.forEach(pump);
	wanted = cfg.start;
	chain = drained(pending() ? 15000 : 0).then(function () {
		if (wanted === cfg.start && indexOf(cfg.start) >= 0)
			return launch(cfg.start);
	}).catch(function (e) {
		console.error(e);
	});
})();
