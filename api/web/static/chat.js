// Citizen chat: rasa-webchat over Rasa's socket.io channel.
(function () {
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
})();
