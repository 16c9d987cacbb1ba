/**
 * The Dummy driver's preset catalog: a few sizes, images and locations shaped like a
 * small public cloud's, so examples and tests read naturally.
 */

/** A preset size. */
export interface DummySizeSpec {
  /** Size id, as `createNode` takes it (`small`, `medium`, ...). */
  id: string;
  /** Display name. */
  name: string;
  /** Memory in MiB. */
  ram: number;
  /** Root disk in GB. */
  disk: number;
  /** Virtual CPUs. */
  vcpus: number;
  /** Included transfer in GB per month. */
  bandwidth: number;
  /** Pretend hourly price in USD. */
  price: number;
}

/** A preset image. */
export interface DummyImageSpec {
  /** Image id, as `createNode` takes it (`ubuntu-24.04`, ...). */
  id: string;
  /** Display name. */
  name: string;
  /** Distribution name, e.g. `Ubuntu`. */
  distribution: string;
  /** Distribution version, e.g. `24.04`. */
  version: string;
}

/** A preset location. */
export interface DummyLocationSpec {
  /** Location id, as `createNode` takes it (`dummy-east-1`, ...). */
  id: string;
  /** Display name. */
  name: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
}

/** Sizes, smallest first. */
export const DUMMY_SIZES: readonly DummySizeSpec[] = [
  { id: 'small', name: 'Small (1 vCPU, 1 GiB)', ram: 1024, disk: 25, vcpus: 1, bandwidth: 1000, price: 0.007 },
  { id: 'medium', name: 'Medium (2 vCPU, 4 GiB)', ram: 4096, disk: 80, vcpus: 2, bandwidth: 4000, price: 0.036 },
  { id: 'large', name: 'Large (4 vCPU, 8 GiB)', ram: 8192, disk: 160, vcpus: 4, bandwidth: 5000, price: 0.071 },
  { id: 'xlarge', name: 'X-Large (8 vCPU, 16 GiB)', ram: 16384, disk: 320, vcpus: 8, bandwidth: 6000, price: 0.143 },
];

/** Public images. */
export const DUMMY_IMAGES: readonly DummyImageSpec[] = [
  { id: 'ubuntu-24.04', name: 'Ubuntu 24.04 LTS', distribution: 'Ubuntu', version: '24.04' },
  { id: 'ubuntu-22.04', name: 'Ubuntu 22.04 LTS', distribution: 'Ubuntu', version: '22.04' },
  { id: 'debian-12', name: 'Debian 12', distribution: 'Debian', version: '12' },
  { id: 'fedora-41', name: 'Fedora 41', distribution: 'Fedora', version: '41' },
  { id: 'rocky-9', name: 'Rocky Linux 9', distribution: 'Rocky Linux', version: '9' },
];

/** Locations; the first is the default. */
export const DUMMY_LOCATIONS: readonly DummyLocationSpec[] = [
  { id: 'dummy-east-1', name: 'Dummy East 1 (Virginia)', country: 'US' },
  { id: 'dummy-west-1', name: 'Dummy West 1 (Oregon)', country: 'US' },
  { id: 'dummy-eu-1', name: 'Dummy EU 1 (Frankfurt)', country: 'DE' },
  { id: 'dummy-ap-1', name: 'Dummy AP 1 (Singapore)', country: 'SG' },
];
