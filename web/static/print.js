// The board pack's "Print this pack" button (a file, as the CSP allows no inline script).
document.getElementById("print-pack")?.addEventListener("click", () => window.print());
