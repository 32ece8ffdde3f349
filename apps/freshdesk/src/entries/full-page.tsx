import "../ui/styles.css";

document.getElementById("root")?.replaceChildren("Tandem analytics");
