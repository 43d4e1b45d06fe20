// Enhancements for survey steps. Everything works without this file: the server resolves
// conditions and shows errors; here, questions that do not apply are hidden as you answer,
// and the error summary takes focus so screen readers announce it.
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) { return; }

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    // A link to a field scrolls its whole question into view, so the question (the legend of
    // a group of options) shows above the focused field, not off the top of the screen.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      var field = link && document.getElementById(link.hash.slice(1));
      if (!field) { return; }
      event.preventDefault();
      (field.closest(".question") || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  function chosen(questionKey, choiceKey) {
    var inputs = form.querySelectorAll('[name="' + questionKey + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if ((input.type === "radio" || input.type === "checkbox") && input.checked && input.value === choiceKey) { return true; }
      if (input.tagName === "SELECT" && input.value === choiceKey) { return true; }
    }
    return false;
  }

  var dependents = form.querySelectorAll("[data-condition-question]");
  function update() {
    for (var i = 0; i < dependents.length; i++) {
      var element = dependents[i];
      var question = element.getAttribute("data-condition-question");
      if (!form.querySelector('[name="' + question + '"]')) { continue; }
      var match = chosen(question, element.getAttribute("data-condition-choice"));
      var show = element.getAttribute("data-condition-operator") === "is_not" ? !match : match;
      element.hidden = !show;
      var hint = element.querySelector("[data-condition-hint]");
      if (hint) { hint.hidden = true; }
    }
  }
  form.addEventListener("change", update);
  update();
})();
