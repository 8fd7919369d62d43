/*
 * The lessons SCO: the page's <section class="page"> elements shown one at
 * a time with Previous / Next, the page number bookmarked in cmi.location
 * and restored when the LMS resumes the attempt (cmi.entry "resume").
 * completion_status is "incomplete" until the last page has been seen, then
 * "completed"; leaving before that suspends (cmi.exit "suspend").
 *
 * Every user-visible text comes from the page: the status line's pattern
 * is the data-status attribute of #lessons ("{n}" and "{total}").
 */
(function () {
	"use strict";

	var S = window.OctoScorm;

	function init() {
		var root = document.getElementById("lessons");
		var pages = root ? root.querySelectorAll(".page") : [];
		var total = pages.length;
		var prev = document.getElementById("prev");
		var next = document.getElementById("next");
		var status = document.getElementById("page-status");
		var pager = document.getElementById("pager");
		var doneNote = document.getElementById("done-note");
		var toQuiz = document.getElementById("to-quiz");
		var current = 0;
		var completed = false;
		var progress = 0;
		var tracked, loc, pm;

		if (!total || !prev || !next || !status || !pager)
			return;

		tracked = S.start();
		if (tracked) {
			completed = S.get("cmi.completion_status") === "completed";
			pm = parseFloat(S.get("cmi.progress_measure"));
			if (!isNaN(pm))
				progress = pm;
			if (S.get("cmi.entry") === "resume") {
				loc = parseInt(S.get("cmi.location"), 10);
				if (loc >= 1 && loc <= total)
					current = loc - 1;
			}
			if (!completed)
				S.set("cmi.completion_status", "incomplete");
		}

		function record(i) {
			var seen = (i + 1) / total;

			if (i === total - 1)
				completed = true;
			if (!tracked)
				return;
			progress = completed ? 1 : Math.max(progress, seen);
			S.set("cmi.location", String(i + 1));
			S.set("cmi.progress_measure",
			    String(Math.round(progress * 10000) / 10000));
			S.set("cmi.completion_status",
			    completed ? "completed" : "incomplete");
			S.commit();
		}

		function show(i, moveFocus) {
			var j, heading;

			current = i;
			for (j = 0; j < total; j++)
				pages[j].hidden = j !== i;
			prev.disabled = i === 0;
			next.disabled = i === total - 1;
			status.textContent = S.format(root.getAttribute(
			    "data-status"), { n: i + 1, total: total });
			record(i);
			if (doneNote)
				doneNote.hidden = i !== total - 1;
			if (toQuiz)
				toQuiz.hidden = !(tracked && i === total - 1);
			if (moveFocus) {
				heading = pages[i].querySelector("h2");
				if (heading) {
					heading.setAttribute("tabindex", "-1");
					heading.focus();
				}
				if (window.scrollTo)
					window.scrollTo(0, 0);
			}
		}

		prev.addEventListener("click", function () {
			if (current > 0)
				show(current - 1, true);
		});
		next.addEventListener("click", function () {
			if (current < total - 1)
				show(current + 1, true);
		});
		if (toQuiz) {
			/* Ask the LMS for the next activity, the quiz. */
			toQuiz.addEventListener("click", function () {
				S.finish(function () {
					S.set("cmi.exit", "normal");
					S.set("adl.nav.request", "continue");
				});
				toQuiz.disabled = true;
			});
		}

		S.finishOnLeave(function () {
			S.set("cmi.exit", completed ? "normal" : "suspend");
		});

		pager.hidden = false;
		show(current, false);
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", init);
	else
		init();
}());
