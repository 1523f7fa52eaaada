// parse_config_data: the device lists (tools/xl/xl_parse.c, from `disk` to `usbdev`, then `vkb`
// and `virtio` near the end). Each list is read with xlu_cfg_get_list and walked with
// xlu_cfg_get_listitem, which stops at the first item that is not a string; each string goes to
// that device's parser (server/src/specs), whose problems say what xl prints or does.
import type { LibxlStruct } from '../libxl/value';
import { listItem, type XluList } from './libxlu';
import { deviceArray, type XlModel } from './model';
import { devidFromIndex } from '../specs/devid';
import { parseVsndCard } from '../specs/vsnd';
import { fatal, parseSpec, reportParse, specContext } from './specItems';

interface DeviceList {
  key: string;
  syntax: string;
  /** The libxl_domain_config array the devices go to. */
  field: string;
  /** First release that reads the key. */
  since?: string;
}

/** In xl_parse.c's order. */
const LISTS: readonly DeviceList[] = [
  { key: 'disk', syntax: 'disk-spec', field: 'disks' },
  { key: 'p9', syntax: 'p9-spec', field: 'p9s' },
  { key: 'vtpm', syntax: 'vtpm-spec', field: 'vtpms' },
  { key: 'vdispl', syntax: 'vdispl-spec', field: 'vdispls' },
  { key: 'pvcalls', syntax: 'pvcalls-spec', field: 'pvcallsifs' },
  // vsnd: a list of lists, handled by readVsnd.
  { key: 'channel', syntax: 'channel-spec', field: 'channels' },
  { key: 'vif', syntax: 'vif-spec', field: 'nics' },
];

const AFTER_VIF: readonly DeviceList[] = [
  { key: 'usbctrl', syntax: 'usbctrl-spec', field: 'usbctrls' },
  { key: 'usbdev', syntax: 'usbdev-spec', field: 'usbdevs' },
];

function readList(m: XlModel, l: DeviceList, context: Record<string, unknown> = {}): void {
  if (l.since && !m.atLeast(l.since)) return;
  const got = m.xlu.getList(l.key);
  if (!got.ok) return;
  const devs = deviceArray(m.d, l.field);
  // 4.17's p9 loop keeps its field variables from one share to the next (see specs/p9.ts).
  const carries = l.key === 'p9' && !m.atLeast('4.18');
  let earlier: LibxlStruct | undefined;
  eachString(m, got.value, (item, i, node) => {
    const ctx = carries ? { ...context, p9Earlier: earlier } : context;
    const parse = parseSpec(m, l.key, l.syntax, item, node, m.valueAt(got.setting), { index: i }, ctx);
    // ARRAY_EXTEND_INIT sets devid to the index before parsing; a `devid=` in the string wins.
    const device: LibxlStruct = devidFromIndex(l.key, m.release) ? { devid: devs.length } : {};
    Object.assign(device, (parse.device as LibxlStruct | undefined) ?? {});
    // A fatal problem makes xl exit; the model keeps the device out and goes on.
    if (!fatal(parse)) {
      devs.push(device);
      earlier = parse.device as LibxlStruct | undefined;
    }
  });
  if (!devs.length) delete m.d[l.field];
}

/** xlu_cfg_get_listitem until it returns NULL: the end of the list, or an item that is a list. */
function eachString(
  m: XlModel,
  list: XluList,
  each: (item: string, index: number, node: XluList['nodes'][number]) => void,
): void {
  for (let i = 0; i < list.items.length; i++) {
    const item = listItem(list, i);
    if (item === undefined) {
      const node = list.nodes[i];
      m.silent(
        'value/nested-list',
        list.setting.key,
        node ?? m.valueAt(list.setting),
        `xl stops reading \`${list.setting.key}\` at this nested list`,
      );
      return;
    }
    each(item, i, list.nodes[i]);
  }
}

export function readDevices(m: XlModel): void {
  for (const l of LISTS.slice(0, 5))
    readList(m, l, l.key === 'p9' && typeof m.c.name === 'string' ? { domainName: m.c.name } : {});
  readVsnd(m);
  for (const l of LISTS.slice(5)) readList(m, l);

  const vif2 = m.xlu.getList('vif2');
  if (vif2.ok)
    m.warn(
      'key/ignored',
      'vif2',
      m.keyAt(vif2.setting),
      ['WARNING: vif2: netchannel2 is deprecated and not supported by xl'],
      'xl ignores `vif2` (netchannel2) with a warning',
    );

  readVfbs(m);
  for (const l of AFTER_VIF) readList(m, l);
}

/** `vfb`: each framebuffer comes with a virtual keyboard (a vkb with the same devid). */
function readVfbs(m: XlModel): void {
  const got = m.xlu.getList('vfb');
  if (!got.ok) return;
  const vfbs = deviceArray(m.d, 'vfbs');
  const vkbs = deviceArray(m.d, 'vkbs');
  eachString(m, got.value, (item, i, node) => {
    const parse = parseSpec(m, 'vfb', 'vfb-spec', item, node, m.valueAt(got.setting), { index: i });
    vfbs.push({ devid: vfbs.length, ...((parse.device as LibxlStruct | undefined) ?? {}) });
    vkbs.push({ devid: vkbs.length });
  });
  if (!vfbs.length) delete m.d.vfbs;
  if (!vkbs.length) delete m.d.vkbs;
}

/** `vsnd`: a list of cards, each a list of items (xl_parse.c: parse_vsnd_config). */
function readVsnd(m: XlModel): void {
  const got = m.xlu.getList('vsnd');
  if (!got.ok) return;
  const vsnds = deviceArray(m.d, 'vsnds');
  const { items, nodes } = got.value;
  for (let i = 0; i < items.length; i++) {
    const card = items[i];
    const node = nodes[i];
    if (typeof card === 'string') {
      // xlu_cfg_value_get_list warns (with the value's location) and xl exits.
      const warning = m.xlu.valueLine('warning: value is not a list', node, got.setting);
      const printed = [warning, { text: 'Failed to get vsnd card list: Invalid argument' }];
      m.refuse(
        'spec/vsnd',
        'vsnd',
        node ?? m.valueAt(got.setting),
        printed,
        'Each `vsnd` card must be a list: xl refuses the domain',
      );
      continue;
    }
    // xlu_cfg_get_listitem stops at a nested list inside the card.
    const texts: string[] = [];
    for (const it of card) {
      if (typeof it !== 'string') break;
      texts.push(it);
    }
    const { device, items: parses } = parseVsndCard(texts, specContext(m));
    parses.forEach((parse, j) => {
      const inner = node?.kind === 'list' ? node.items[j] : undefined;
      reportParse(
        m,
        'vsnd',
        'vsnd-card',
        texts[j],
        inner,
        node ?? m.valueAt(got.setting),
        { index: i, inner: j },
        parse,
      );
    });
    vsnds.push({ devid: vsnds.length, ...device });
  }
  if (!vsnds.length) delete m.d.vsnds;
}

/** `vkb` (xl_parse.c: parse_vkb_list), read after the Arm keys. */
export function readVkbs(m: XlModel): void {
  readList(m, { key: 'vkb', syntax: 'vkb-spec', field: 'vkbs' });
}

/** `virtio` (xl_parse.c: parse_virtio_list; 4.18, commit 953efa0b7b). */
export function readVirtios(m: XlModel): void {
  readList(m, { key: 'virtio', syntax: 'virtio-spec', field: 'virtios', since: '4.18' });
}
