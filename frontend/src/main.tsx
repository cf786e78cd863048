import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles.css";
import "./styles/calls.css";
import "./styles/feed.css";
import "./styles/detail.css";
import "./styles/toasts.css";
import "./styles/login.css";
import "./styles/shell.css";
import "./styles/history.css";
import "./styles/summary.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
