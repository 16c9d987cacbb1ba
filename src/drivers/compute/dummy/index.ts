/** The Dummy compute driver: an in-memory cloud for examples and tests. */
export {
  DummyNodeDriver,
  type DummyDriverOptions,
  type DummyCreateNodeOptions,
  type DummyNodeExtra,
  type DummyVolumeExtra,
  type DummySnapshotExtra,
  type DummyImageExtra,
  type DummyLocationExtra,
  type DummySizeExtra,
  type DummyKeyPairExtra,
} from './driver.js';
export { DUMMY_SIZES, DUMMY_IMAGES, DUMMY_LOCATIONS, type DummySizeSpec, type DummyImageSpec, type DummyLocationSpec } from './catalog.js';
