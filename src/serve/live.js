// Injected by `pressroom serve` only: reloads the page after each rebuild and shows build
// errors over it. Pages made by `pressroom build` never contain it.
(() => {
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/__pressroom/live.css";
  document.head.appendChild(style);

  let overlay = null;
  const show = (text) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "pressroom-problem";
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    overlay.textContent = text;
  };
  const hide = () => {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  };

  const events = new EventSource("/__pressroom/events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("problem", (e) => show(e.data));
  events.addEventListener("ok", hide);
})();
