// A field's copy button (data-copy names the field): shown only with
// JavaScript (without it, the link is selected and copied by hand); a
// keyboard's Enter or Space presses it like any button, and the status region
// (data-copy-status) says whether it worked, for a screen reader too.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!field || !status) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = field.value;
      let copied = false;
      if (navigator.clipboard && window.isSecureContext) {
        try {
          await navigator.clipboard.writeText(text);
          copied = true;
        } catch (error) {
          copied = false;
        }
      }
      if (!copied) {
        // Outside a secure context: the copy command, with the text put on the
        // clipboard by the copy event (whatever is selected).
        const put = (event) => {
          event.clipboardData.setData("text/plain", text);
          event.preventDefault();
        };
        document.addEventListener("copy", put);
        try {
          copied = document.execCommand("copy");
        } finally {
          document.removeEventListener("copy", put);
        }
      }
      if (!copied) {
        field.focus();
        field.select();
      }
      // Emptied first, so that a second copy is announced again.
      status.textContent = "";
      window.setTimeout(() => {
        status.textContent = copied ? button.dataset.copied : button.dataset.failed;
      }, 50);
    });
  }
});
