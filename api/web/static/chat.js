// Citizen chat: rasa-webchat over Rasa's socket.io channel.
// Work-order numbers in the assistant's messages get a 复制 button; the input is capped at
// MAX_CHARS (the assistant reads at most that much of one message anyway).
(function () {
  var MAX_CHARS = 1000;
  var NUMBER = /12345-\d{8}-\d{6}/;
  var host = document.getElementById("webchat");
  if (!host || !window.WebChat) return;
  window.WebChat.default(
    {
      socketUrl: host.dataset.socketUrl,
      socketPath: "/socket.io/",
      customData: { language: "zh" },
      initPayload: "/greet",
      embedded: true,
      showFullScreenButton: false,
      params: { storage: "session" },
      title: "12345 社会救助助手",
      subtitle: "您好，请说说您遇到的困难",
      inputTextFieldHint: "请输入您的问题…",
      connectingText: "正在连接…",
    },
    host
  );

  function copy(text, button) {
    var done = function () {
      button.textContent = "已复制";
      setTimeout(function () { button.textContent = "复制工单号"; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the number stays selectable */ }
    document.body.removeChild(area);
  }

  function decorate(root) {
    var messages = root.querySelectorAll(".rw-response .rw-message-text, .rw-response .rw-markdown");
    messages.forEach(function (node) {
      if (node.dataset.copyReady) return;
      var match = NUMBER.exec(node.textContent || "");
      if (!match) return;
      node.dataset.copyReady = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-number";
      button.textContent = "复制工单号";
      button.setAttribute("aria-label", "复制工单号 " + match[0]);
      button.addEventListener("click", function () { copy(match[0], button); });
      node.appendChild(button);
    });
    var input = root.querySelector(".rw-new-message");
    if (input && !input.getAttribute("maxlength")) input.setAttribute("maxlength", String(MAX_CHARS));
  }

  new MutationObserver(function () { decorate(host); }).observe(host, { childList: true, subtree: true });
})();
