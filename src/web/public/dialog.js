// One modal for prompts and confirmations (large, touch friendly). Resolves null when cancelled.
const $ = (id) => document.getElementById(id);

export function ask({
  title,
  text = "",
  placeholder = "",
  inputmode = "text",
  validate = () => null,
  input = true,
}) {
  const dialog = $("dialog");
  const field = $("dialog-input");
  $("dialog-title").textContent = title;
  $("dialog-text").textContent = text;
  $("dialog-error").textContent = "";
  field.value = "";
  field.placeholder = placeholder;
  field.inputMode = inputmode;
  field.hidden = !input;
  return new Promise((resolve) => {
    const onClose = () => {
      dialog.removeEventListener("close", onClose);
      resolve(dialog.returnValue === "ok" ? (input ? field.value.trim() : true) : null);
    };
    const form = $("dialog-form");
    form.onsubmit = (event) => {
      if (event.submitter?.value !== "ok") return;
      const problem = input ? validate(field.value.trim()) : null;
      if (problem) {
        event.preventDefault();
        $("dialog-error").textContent = problem;
      }
    };
    dialog.addEventListener("close", onClose);
    dialog.returnValue = "";
    dialog.showModal();
    if (input) field.focus();
  });
}
