// Protected groups: the manifest lists them with "protected": true and their sealed index; every file
// of theirs is a binary envelope (docs/privacy.md): "LBSEAL", version 1, KDF 1 (PBKDF2-HMAC-SHA-256),
// iterations (4 bytes, big-endian), salt (16), IV (12), then the AES-256-GCM ciphertext and tag. This module opens them with WebCrypto once the passphrase is given. The
// passphrase stays in this module and, for this browser tab's session only, in sessionStorage; it is
// never sent anywhere.

const STORE = "librarian-passphrase:";

/** entry.sealed -> { key, index, urls: name -> blob URL } of the groups opened so far. */
const opened = new Map();

/** A protected group whose passphrase has not been given (or no longer opens it). */
export class LockedError extends Error {}

/** "avery's" or, when the manifest does not name the group, "this group's". */
export function whose(entry) {
  return entry.name_shown ? entry.qos + "'s" : "this group's";
}

export function isOpen(entry) {
  return Boolean(entry && entry.protected && opened.has(entry.sealed));
}

const HEADER = 40;

async function envelope(path) {
  let response;
  try {
    response = await fetch(path, { cache: "no-store" });
  } catch (e) {
    throw new Error(path + " could not be loaded (" + e.message + ")");
  }
  if (!response.ok) throw new Error(path + " could not be loaded (HTTP " + response.status + ")");
  const buffer = await response.arrayBuffer();
  const b = new Uint8Array(buffer);
  if (b.length < HEADER + 16 || String.fromCharCode(...b.subarray(0, 6)) !== "LBSEAL" || b[6] !== 1 || b[7] !== 1) {
    throw new Error(path + " is not a sealed file this page can open (a newer librarian wrote it?)");
  }
  return { iter: new DataView(buffer).getUint32(8), salt: b.slice(12, 28), iv: b.slice(28, 40), ct: b.slice(HEADER) };
}

async function decrypt(key, e) {
  return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv: e.iv }, key, e.ct));
}

/**
 * Opens the group's index and every file of it (as blob URLs for the links) with the passphrase;
 * false when the passphrase does not open it (AES-GCM's tag check fails), an Error when the files
 * cannot be read.
 */
export async function unlock(entry, passphrase) {
  if (!window.crypto || !crypto.subtle) {
    throw new Error("This browser cannot open protected data here: WebCrypto needs https:// (or http://localhost).");
  }
  const e = await envelope(entry.sealed);
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: e.salt, iterations: e.iter },
    material, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
  let index;
  try {
    index = JSON.parse(new TextDecoder().decode(await decrypt(key, e)));
  } catch (err) {
    if (err && err.name === "OperationError") return false;
    throw err;
  }
  const urls = {};
  for (const [name, blob] of Object.entries(index.blobs || {})) {
    if (name === index.jobs) continue; // the drill-down's jobs: opened when it is (sealedJson)
    urls[name] = URL.createObjectURL(new Blob([await decrypt(key, await envelope(blob.path))], { type: blob.type }));
  }
  for (const [sealed, old] of opened) {
    if (old.label === entry.qos) {
      Object.values(old.urls).forEach((u) => URL.revokeObjectURL(u));
      opened.delete(sealed);
    }
  }
  opened.set(entry.sealed, { key, index, urls, label: entry.qos });
  try { sessionStorage.setItem(STORE + entry.qos, passphrase); } catch (err) { /* kept in this page only */ }
  return true;
}

/** Opens the group with the passphrase given earlier in this session (a new build has a new salt). */
async function ensureOpen(entry) {
  if (opened.has(entry.sealed)) return opened.get(entry.sealed);
  let remembered = null;
  try { remembered = sessionStorage.getItem(STORE + entry.qos); } catch (err) { /* none */ }
  if (remembered !== null) {
    if (await unlock(entry, remembered)) return opened.get(entry.sealed);
    try { sessionStorage.removeItem(STORE + entry.qos); } catch (err) { /* none */ }
  }
  throw new LockedError(entry.name_shown ? entry.qos + "'s data is protected by a passphrase: enter it below to see it."
    : "This group's data is protected by a passphrase: enter it below to see it.");
}

/** The group's data ("data"), daily history ("history") or jobs ("jobs") JSON, decrypted; null when it has none. */
export async function sealedJson(entry, kind) {
  const group = await ensureOpen(entry);
  const name = group.index[kind];
  const blob = name && (group.index.blobs || {})[name];
  if (name && !group.urls[name] && blob) {
    group.urls[name] = URL.createObjectURL(new Blob([await decrypt(group.key, await envelope(blob.path))], { type: blob.type }));
  }
  if (!name || !group.urls[name]) return null;
  const text = await (await fetch(group.urls[name])).text();
  return JSON.parse(text);
}

/** The group's files as links to their decrypted copies: the data first, then charts and report. */
export function sealedLinks(entry) {
  const group = opened.get(entry.sealed);
  if (!group) return [];
  const names = [group.index.data, group.index.history].filter(Boolean).concat(group.index.files || []);
  return names.filter((n) => group.urls[n]).map((name) => ({ name, href: group.urls[name] }));
}
