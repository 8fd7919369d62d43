/*
 * "Electronic evidence: first response", one SCORM 1.2 SCO: the page's
 * <section class="page"> elements shown one at a time (the last one holds
 * the quiz), the page number bookmarked in cmi.core.lesson_location and
 * restored when the LMS resumes (cmi.core.entry "resume").
 *
 * cmi.core.lesson_status is "incomplete" until the quiz is submitted, then
 * "passed" or "failed": the score in percent (cmi.core.score.raw, min 0,
 * max 100) against the mastery score (cmi.student_data.mastery_score from
 * the manifest, else the form's data-mastery). Leaving before that
 * suspends (cmi.core.exit "suspend"). Each question is also recorded as a
 * cmi.interactions.n record.
 *
 * Every user-visible text comes from the page: data-status of #course and
 * the data-* messages of #quiz, with {n}, {total}, {score}, {max},
 * {percent}, {mastery}, {answer} and {list} filled in.
 */
(function () {
	"use strict";

	var S = window.OctoScorm12;

	function init() {
		var root = document.getElementById("course");
		var pages = root ? root.querySelectorAll(".page") : [];
		var total = pages.length;
		var prev = document.getElementById("prev");
		var next = document.getElementById("next");
		var status = document.getElementById("page-status");
		var pager = document.getElementById("pager");
		var form = document.getElementById("quiz");
		var questions = form ? form.querySelectorAll(".question") : [];
		var max = questions.length;
		var error = document.getElementById("quiz-error");
		var result = document.getElementById("result");
		var resultTitle = document.getElementById("result-title");
		var resultScore = document.getElementById("result-score");
		var resultVerdict = document.getElementById("result-verdict");
		var retry = document.getElementById("retry");
		var submit = document.getElementById("submit");
		var current = 0;
		var finished = false;
		var submitted = false;
		var mastery, tracked, lessonStatus, loc, lms;

		if (!total || !prev || !next || !status || !pager || !max ||
		    !error || !result || !resultScore || !resultVerdict ||
		    !submit)
			return;

		mastery = parseFloat(form.getAttribute("data-mastery"));
		if (isNaN(mastery))
			mastery = 67;

		tracked = S.start();
		if (tracked) {
			lms = parseFloat(S.get("cmi.student_data.mastery_score"));
			if (!isNaN(lms) && lms >= 0 && lms <= 100)
				mastery = lms;
			lessonStatus = S.get("cmi.core.lesson_status");
			finished = lessonStatus === "passed";
			if (lessonStatus === "not attempted" ||
			    lessonStatus === "" || lessonStatus === "browsed")
				S.set("cmi.core.lesson_status", "incomplete");
			if (S.get("cmi.core.entry") === "resume") {
				loc = parseInt(S.get("cmi.core.lesson_location"),
				    10);
				if (loc >= 1 && loc <= total)
					current = loc - 1;
			}
			S.commit();
		}

		function msg(name, values) {
			return S.format(form.getAttribute("data-" + name),
			    values || {});
		}

		/* Pages. */
		function show(i, moveFocus) {
			var j, heading;

			current = i;
			for (j = 0; j < total; j++)
				pages[j].hidden = j !== i;
			prev.disabled = i === 0;
			next.disabled = i === total - 1;
			status.textContent = S.format(root.getAttribute(
			    "data-status"), { n: i + 1, total: total });
			if (tracked) {
				S.set("cmi.core.lesson_location", String(i + 1));
				S.commit();
			}
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

		/* Quiz. */
		function chosen(q) {
			var inputs = q.querySelectorAll("input[type=radio]");
			var i;

			for (i = 0; i < inputs.length; i++) {
				if (inputs[i].checked)
					return inputs[i];
			}
			return null;
		}

		function optionText(q, value) {
			var inputs = q.querySelectorAll("input[type=radio]");
			var i, label;

			for (i = 0; i < inputs.length; i++) {
				if (inputs[i].value !== value)
					continue;
				label = inputs[i].closest ? inputs[i].closest(
				    "label") : inputs[i].parentNode;
				return label ? label.textContent.replace(/\s+/g,
				    " ").replace(/^\s+|\s+$/g, "") : value;
			}
			return value;
		}

		function feedbackOf(q) {
			var p = q.querySelector(".feedback");

			if (!p) {
				p = document.createElement("p");
				p.className = "feedback";
				q.appendChild(p);
			}
			return p;
		}

		function setInputs(disabled) {
			var inputs = form.querySelectorAll("input");
			var i;

			for (i = 0; i < inputs.length; i++)
				inputs[i].disabled = disabled;
		}

		function record(answers, percent, passed) {
			var n = parseInt(S.get("cmi.interactions._count"), 10);
			var i, base;

			if (isNaN(n) || n < 0)
				n = 0;
			for (i = 0; i < answers.length; i++, n++) {
				base = "cmi.interactions." + n + ".";
				S.set(base + "id", answers[i].id);
				S.set(base + "type", "choice");
				S.set(base + "correct_responses.0.pattern",
				    answers[i].correct);
				S.set(base + "student_response",
				    answers[i].response);
				S.set(base + "result",
				    answers[i].ok ? "correct" : "wrong");
			}
			S.set("cmi.core.score.min", "0");
			S.set("cmi.core.score.max", "100");
			S.set("cmi.core.score.raw", String(percent));
			S.set("cmi.core.lesson_status",
			    passed ? "passed" : "failed");
			S.commit();
		}

		form.addEventListener("submit", function (ev) {
			var answers = [];
			var missing = [];
			var raw = 0;
			var i, q, input, correct, ok, fb, percent, passed;

			ev.preventDefault();
			if (submitted)
				return;

			for (i = 0; i < max; i++) {
				if (!chosen(questions[i]))
					missing.push(i + 1);
			}
			if (missing.length) {
				error.textContent = msg("unanswered",
				    { list: missing.join(", ") });
				error.hidden = false;
				input = questions[missing[0] - 1].querySelector(
				    "input");
				if (input)
					input.focus();
				return;
			}
			error.hidden = true;
			error.textContent = "";

			for (i = 0; i < max; i++) {
				q = questions[i];
				input = chosen(q);
				correct = q.getAttribute("data-correct");
				ok = input.value === correct;
				if (ok)
					raw++;
				answers.push({
					id: q.getAttribute("data-id"),
					correct: correct,
					response: input.value,
					ok: ok
				});
				q.classList.remove(ok ? "incorrect" : "correct");
				q.classList.add(ok ? "correct" : "incorrect");
				fb = feedbackOf(q);
				fb.textContent = ok ? msg("correct") :
				    msg("incorrect",
				    { answer: optionText(q, correct) });
				fb.hidden = false;
			}

			percent = Math.round(raw / max * 100);
			passed = percent >= mastery;
			submitted = true;
			finished = true;
			setInputs(true);
			submit.disabled = true;
			if (tracked)
				record(answers, percent, passed);

			resultScore.textContent = msg("result",
			    { score: raw, max: max, percent: percent });
			resultVerdict.textContent = msg(passed ? "passed" :
			    "failed", { mastery: mastery });
			result.className = "result " + (passed ? "passed" :
			    "failed");
			result.hidden = false;
			if (retry)
				retry.hidden = passed;
			if (resultTitle) {
				resultTitle.setAttribute("tabindex", "-1");
				resultTitle.focus();
			}
		});

		if (retry) {
			retry.addEventListener("click", function () {
				var inputs = form.querySelectorAll("input");
				var i, fb, first;

				for (i = 0; i < inputs.length; i++)
					inputs[i].checked = false;
				for (i = 0; i < max; i++) {
					questions[i].classList.remove("correct",
					    "incorrect");
					fb = questions[i].querySelector(".feedback");
					if (fb) {
						fb.hidden = true;
						fb.textContent = "";
					}
				}
				submitted = false;
				setInputs(false);
				submit.disabled = false;
				result.hidden = true;
				retry.hidden = true;
				first = questions[0].querySelector("input");
				if (first)
					first.focus();
			});
		}

		S.finishOnLeave(function () {
			S.set("cmi.core.exit", finished ? "" : "suspend");
		});

		pager.hidden = false;
		show(current, false);
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", init);
	else
		init();
}());
