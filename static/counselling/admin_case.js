// The case page: "Insert" puts the chosen standard reply into the message at once, instead of
// sending the form to have the page do it (which works without this script too).
document.addEventListener("DOMContentLoaded", () => {
    const choice = document.getElementById("id_reply_template");
    const message = document.getElementById("id_message_text");
    const insert = document.querySelector(".case-insert");
    if (!choice || !message || !insert) {
        return;
    }
    insert.addEventListener("click", (event) => {
        const option = choice.options[choice.selectedIndex];
        if (!option || !option.value) {
            return; // the page says what to do
        }
        event.preventDefault();
        const text = option.dataset.text;
        const before = message.value.trimEnd();
        message.value = before ? `${before}\n\n${text}` : text;
        message.focus();
        message.setSelectionRange(message.value.length, message.value.length);
    });
});
