/** Registry of guest profiles by role. Adding a guest means adding a file here and an entry below. */
import type { FirmwareKind, GuestOs } from '../../guest';
import type { BootProfile } from '../types';
import { customFirmware } from './customFirmware';
import { freebsd } from './freebsd';
import { grub } from './grub';
import { hvmloader } from './hvmloader';
import { illumos } from './illumos';
import { linux } from './linux';
import { netbsd } from './netbsd';
import { openbsd } from './openbsd';
import { ovmf } from './ovmf';
import { pvshim } from './pvshim';
import { rombios } from './rombios';
import { seabios } from './seabios';
import { unknownOs } from './unknown';
import { windows } from './windows';

export const LOADER: BootProfile = hvmloader;

/** Loaded instead of hvmloader when the config names a firmware file. */
export const CUSTOM_LOADER: BootProfile = customFirmware;

export const FIRMWARE: Readonly<Record<Exclude<FirmwareKind, 'custom' | 'none'>, BootProfile>> = {
  seabios,
  rombios,
  ovmf,
};

export const BOOTLOADER: Readonly<Record<'grub', BootProfile>> = { grub };

export const OS: Readonly<Record<GuestOs, BootProfile>> = {
  linux,
  freebsd,
  netbsd,
  openbsd,
  illumos,
  windows,
  xen: pvshim,
  unknown: unknownOs,
};

export const ALL_PROFILES: readonly BootProfile[] = [
  hvmloader,
  customFirmware,
  seabios,
  rombios,
  ovmf,
  grub,
  linux,
  freebsd,
  netbsd,
  pvshim,
  openbsd,
  illumos,
  windows,
  unknownOs,
];

export {
  freebsd,
  grub,
  hvmloader,
  illumos,
  linux,
  netbsd,
  openbsd,
  ovmf,
  pvshim,
  rombios,
  seabios,
  unknownOs,
  windows,
};
