// Texts of the web front end in Spanish and English. Keys are stable identifiers; enum values
// of the API are translated under their proto names.
import es from "./texts/es.js";
import en from "./texts/en.js";

const TEXTS = { es, en };

export const LANGUAGES = { es: "Español", en: "English" };

function initialLanguage() {
  const saved = localStorage.getItem("supplynet.lang");
  if (saved && TEXTS[saved]) return saved;
  const browser = (navigator.language || "es").slice(0, 2);
  return TEXTS[browser] ? browser : "es";
}

let currentLanguage = initialLanguage();

// t("key", {name: "x"}) -> the text in the current language with {name} filled in. Unknown keys
// come back as they are, so an enum value the texts lack still shows.
export function t(key, params) {
  const text = TEXTS[currentLanguage][key] ?? TEXTS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? String(params[name]) : m));
}

export function setLanguage(lang) {
  if (!TEXTS[lang]) return;
  currentLanguage = lang;
  localStorage.setItem("supplynet.lang", lang);
  document.documentElement.lang = lang;
}

export function language() {
  return currentLanguage;
}
