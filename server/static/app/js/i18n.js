// Words of the interface, Thai first, and dates in the Buddhist Era for the Thai side.

const STRINGS = {
  app_name: { th: 'ตำบล', en: 'Tambon' },
  tab_forms: { th: 'แบบฟอร์ม', en: 'Forms' },
  tab_drafts: { th: 'ร่าง', en: 'Drafts' },
  tab_outbox: { th: 'รอส่ง', en: 'Outbox' },
  tab_sent: { th: 'ส่งแล้ว', en: 'Sent' },
  tab_returned: { th: 'ส่งกลับ', en: 'Sent back' },
  sync: { th: 'ซิงค์', en: 'Sync' },
  syncing: { th: 'กำลังซิงค์…', en: 'Syncing…' },
  unsynced: { th: 'ยังไม่ส่ง {n}', en: '{n} unsynced' },
  last_sync: { th: 'ซิงค์ล่าสุด {when}', en: 'Last sync {when}' },
  never_synced: { th: 'ยังไม่เคยซิงค์', en: 'Never synced' },
  last_failed: { th: 'ครั้งล่าสุดไม่สำเร็จ', en: 'the last try failed' },
  storage: { th: 'ใช้พื้นที่ {used} จาก {quota}', en: '{used} of {quota} used' },
  offline: { th: 'ออฟไลน์', en: 'Offline' },
  online: { th: 'ออนไลน์', en: 'Online' },
  persisted: { th: 'ข้อมูลถูกปกป้องจากการล้างอัตโนมัติ', en: 'Storage is protected from eviction' },
  not_persisted: { th: 'เบราว์เซอร์อาจล้างข้อมูลเมื่อพื้นที่เต็ม', en: 'The browser may clear data when space runs low' },
  lang_switch: { th: 'English', en: 'ไทย' },

  connect_title: { th: 'เชื่อมต่อเครื่องนี้', en: 'Connect this phone' },
  connect_intro: {
    th: 'ทำครั้งเดียวที่สำนักงานที่มีสัญญาณ หลังจากนั้นใช้งานได้แม้ไม่มีสัญญาณ',
    en: 'Do this once at the office. After that the app works with no signal.',
  },
  server_address: { th: 'ที่อยู่เซิร์ฟเวอร์', en: 'Server address' },
  username: { th: 'ชื่อผู้ใช้', en: 'Username' },
  password: { th: 'รหัสผ่าน', en: 'Password' },
  device_label: { th: 'ชื่อเครื่อง', en: 'Phone name' },
  sign_in: { th: 'เข้าสู่ระบบ', en: 'Sign in' },
  or_token: { th: 'หรือใช้รหัสเครื่องที่ผู้ดูแลออกให้', en: 'Or use a device token from an administrator' },
  token: { th: 'รหัสเครื่อง (token)', en: 'Device token' },
  use_token: { th: 'ใช้รหัสนี้', en: 'Use this token' },
  connecting: { th: 'กำลังเชื่อมต่อ…', en: 'Connecting…' },
  signed_in_as: { th: '{user} · {device}', en: '{user} · {device}' },
  sign_out: { th: 'ออกจากระบบ', en: 'Sign out' },
  sign_out_warning: {
    th: 'มีงาน {n} รายการที่ยังไม่ได้ส่ง ถ้าออกจากระบบ งานเหล่านี้จะถูกลบจากเครื่องนี้ ต้องการออกจริงหรือไม่?',
    en: '{n} items have not been sent. Signing out deletes them from this phone. Sign out anyway?',
  },
  sign_out_confirm: { th: 'ออกจากระบบและลบข้อมูลในเครื่องนี้?', en: 'Sign out and clear this phone?' },
  settings: { th: 'ตั้งค่า', en: 'Settings' },

  new_form: { th: 'กรอกแบบฟอร์มใหม่', en: 'Fill a new form' },
  no_forms: { th: 'ยังไม่มีแบบฟอร์ม กดซิงค์เมื่อมีสัญญาณ', en: 'No forms yet. Sync when you have a signal.' },
  empty_list: { th: 'ไม่มีรายการ', en: 'Nothing here' },
  version: { th: 'ฉบับ {v}', en: 'version {v}' },
  created: { th: 'สร้าง {when}', en: 'Created {when}' },
  sent_rev: { th: 'ส่งแล้ว · ฉบับแก้ไขที่ {rev}', en: 'Sent · revision {rev}' },
  review_state: { th: 'ผลตรวจ: {state}', en: 'Review: {state}' },
  received: { th: 'ได้รับแล้ว', en: 'received' },
  has_issues: { th: 'ต้องแก้ไข', en: 'has issues' },
  edited: { th: 'แก้ไขแล้ว', en: 'edited' },
  approved: { th: 'อนุมัติแล้ว', en: 'approved' },
  rejected: { th: 'ไม่รับ', en: 'rejected' },
  server_rejected: { th: 'เซิร์ฟเวอร์ไม่รับ: มีข้อผิดพลาด', en: 'The server refused it: see the errors' },
  conflict: { th: 'มีฉบับที่ใหม่กว่าบนเซิร์ฟเวอร์', en: 'The server has a newer version' },
  comment_from: { th: 'ความเห็นจาก {who}', en: 'Comment from {who}' },

  back: { th: 'กลับ', en: 'Back' },
  saved: { th: 'บันทึกในเครื่องแล้ว', en: 'Saved on this phone' },
  saving: { th: 'กำลังบันทึก…', en: 'Saving…' },
  save_failed: { th: 'บันทึกไม่สำเร็จ:', en: 'Could not save:' },
  finalise: { th: 'เสร็จสิ้น พร้อมส่ง', en: 'Finish, ready to send' },
  finalise_blocked: { th: 'ยังมี {n} ข้อที่ต้องแก้ไข', en: '{n} answers need fixing' },
  reopen: { th: 'แก้ไขอีกครั้ง', en: 'Edit again' },
  delete_draft: { th: 'ลบร่าง', en: 'Delete draft' },
  delete_confirm: { th: 'ลบรายการนี้ถาวร?', en: 'Delete this for good?' },
  add_row: { th: '+ เพิ่ม{label}', en: '+ Add {label}' },
  row_n: { th: 'รายการที่ {n}', en: 'Item {n}' },
  remove_row: { th: 'ลบรายการนี้', en: 'Remove' },
  remove_row_confirm: { th: 'ลบรายการที่ {n}?', en: 'Remove item {n}?' },
  yes: { th: 'ใช่', en: 'Yes' },
  no: { th: 'ไม่ใช่', en: 'No' },
  choose: { th: '— เลือก —', en: '— choose —' },
  clear: { th: 'ล้าง', en: 'Clear' },
  use_location: { th: 'ใช้ตำแหน่งปัจจุบัน', en: 'Use my location' },
  locating: { th: 'กำลังหาตำแหน่ง…', en: 'Finding location…' },
  location_failed: { th: 'หาตำแหน่งไม่ได้: {why}', en: 'Could not get the location: {why}' },
  latitude: { th: 'ละติจูด', en: 'Latitude' },
  longitude: { th: 'ลองจิจูด', en: 'Longitude' },
  accuracy: { th: 'ความแม่นยำ ± {m} ม.', en: 'accuracy ± {m} m' },
  computed: { th: 'คำนวณอัตโนมัติ', en: 'Computed' },
  required_mark: { th: 'ต้องกรอก', en: 'required' },

  keep_mine: { th: 'ใช้ฉบับของฉัน (ส่งทับ)', en: 'Keep mine (send on top)' },
  take_server: { th: 'ใช้ฉบับบนเซิร์ฟเวอร์', en: "Take the server's" },
  server_version: { th: 'ฉบับบนเซิร์ฟเวอร์ (ฉบับที่ {rev})', en: 'Server version (revision {rev})' },
  my_version: { th: 'ฉบับของฉัน', en: 'My version' },

  sync_ok: { th: 'ซิงค์สำเร็จ: ส่ง {sent} รับกลับ {back}', en: 'Synced: {sent} sent, {back} back' },
  sync_failed: { th: 'ซิงค์ไม่สำเร็จ: {why}', en: 'Sync failed: {why}' },
  sync_retry: { th: 'เชื่อมต่อไม่ได้ จะลองใหม่ใน {s} วินาที', en: 'No connection; retrying in {s} s' },
  err_network: { th: 'ติดต่อเซิร์ฟเวอร์ไม่ได้', en: 'cannot reach the server' },
  err_auth: { th: 'รหัสเครื่องใช้ไม่ได้แล้ว กรุณาเชื่อมต่อใหม่', en: 'this phone’s token no longer works; connect again' },
  err_login: { th: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง', en: 'wrong username or password' },
  update_ready: { th: 'มีแอปรุ่นใหม่ แตะเพื่ออัปเดต', en: 'A new version is ready. Tap to update' },
};

const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม',
  'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

let lang = localStorage.getItem('tambon.lang') === 'en' ? 'en' : 'th';

export function getLang() { return lang; }

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'th';
  localStorage.setItem('tambon.lang', lang);
  document.documentElement.lang = lang;
}

/** A sentence of the interface, with {placeholders} filled. */
export function t(key, params = {}) {
  const entry = STRINGS[key];
  const text = entry ? entry[lang] ?? entry.th : key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : ''));
}

/** A label-like value of a form definition ({th, en}) in the current language. */
export function label(value, fallback = '') {
  if (!value) return fallback;
  if (typeof value === 'string') return value;
  return value[lang] || value.th || value.en || fallback;
}

/** "2012-06-25" -> "25 มิถุนายน 2555" in Thai, "25 June 2012" in English. */
export function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  if (!match) return '';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return lang === 'th'
    ? `${day} ${THAI_MONTHS[month - 1]} ${year + 543}`
    : `${day} ${ENGLISH_MONTHS[month - 1]} ${year}`;
}

/** A moment (Date or ISO string) as a date in the current language plus the local time. */
export function formatMoment(value) {
  if (!value) return '';
  const when = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(when.getTime())) return String(value);
  const pad = (n) => String(n).padStart(2, '0');
  const day = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
  return `${formatDate(day)} ${pad(when.getHours())}:${pad(when.getMinutes())}`;
}

/** The UTC offset of the phone's clock at `date`, as ISO 8601 writes it: "+07:00". */
export function isoOffset(date = new Date()) {
  const minutes = -date.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${minutes >= 0 ? '+' : '-'}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '?';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return `${value.toFixed(value < 10 && unit ? 1 : 0)} ${units[unit]}`;
}
