/*
 * The quiz SCO: multiple-choice questions, one <fieldset class="question">
 * each, with the interaction identifier in data-id and the correct option's
 * value in data-correct. On submit it records, when an LMS is there:
 * one cmi.interactions.n record per question (id, type "choice",
 * correct_responses.0.pattern, learner_response, result), cmi.score.raw /
 * min / max / scaled, cmi.success_status against the pass mark
 * (cmi.scaled_passing_score from the manifest, else the form's
 * data-pass-scaled) and cmi.completion_status "completed".
 *
 * Every user-visible text comes from the page: the data-* messages of
 * #quiz, with {score}, {max}, {pass}, {answer} and {list} filled in.
 */
(function () {
	"use strict";

	var S = window.OctoScorm;

	function init() {
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
		var submitted = false;
		var threshold, tracked, lms, status;

		if (!max || !error || !result || !resultScore || !resultVerdict ||
		    !submit)
			return;

		threshold = parseFloat(form.getAttribute("data-pass-scaled"));
		if (isNaN(threshold))
			threshold = 0.8;

		tracked = S.start();
		if (tracked) {
			lms = parseFloat(S.get("cmi.scaled_passing_score"));
			if (!isNaN(lms) && lms >= 0 && lms <= 1)
				threshold = lms;
			status = S.get("cmi.completion_status");
			if (status !== "completed") {
				S.set("cmi.completion_status", "incomplete");
				S.commit();
			}
		}

		function msg(name, values) {
			return S.format(form.getAttribute("data-" + name),
			    values || {});
		}

		/* The chosen input of question q, or null. */
		function chosen(q) {
			var inputs = q.querySelectorAll("input[type=radio]");
			var i;

			for (i = 0; i < inputs.length; i++) {
				if (inputs[i].checked)
					return inputs[i];
			}
			return null;
		}

		/* The text of the label of q's option value. */
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

		function record(answers, raw) {
			var n = parseInt(S.get("cmi.interactions._count"), 10);
			var scaled = Math.round(raw / max * 10000) / 10000;
			var i, base;

			if (isNaN(n) || n < 0)
				n = 0;
			for (i = 0; i < answers.length; i++, n++) {
				base = "cmi.interactions." + n + ".";
				S.set(base + "id", answers[i].id);
				S.set(base + "type", "choice");
				S.set(base + "correct_responses.0.pattern",
				    answers[i].correct);
				S.set(base + "learner_response", answers[i].response);
				S.set(base + "result",
				    answers[i].ok ? "correct" : "incorrect");
			}
			S.set("cmi.score.min", "0");
			S.set("cmi.score.max", String(max));
			S.set("cmi.score.raw", String(raw));
			S.set("cmi.score.scaled", String(scaled));
			S.set("cmi.success_status",
			    scaled >= threshold ? "passed" : "failed");
			S.set("cmi.completion_status", "completed");
			S.commit();
		}

		form.addEventListener("submit", function (ev) {
			var answers = [];
			var missing = [];
			var raw = 0;
			var i, q, input, correct, ok, fb, pass, passed;

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

			submitted = true;
			setInputs(true);
			submit.disabled = true;
			if (tracked)
				record(answers, raw);

			pass = Math.ceil(threshold * max - 1e-9);
			passed = raw / max >= threshold - 1e-9;
			resultScore.textContent = msg("result",
			    { score: raw, max: max });
			resultVerdict.textContent = msg(passed ? "passed" :
			    "failed", { pass: pass, max: max });
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
			if (submitted)
				S.set("cmi.exit", "normal");
		});
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", init);
	else
		init();
}());
