// The native token: what wallets show and how addresses are encoded. Free of imports and
// inner attributes so the runtime's build script can `include!` it.

/// The ticker wallets show.
pub const SYMBOL: &str = "DIDO";

/// Decimal places: one [`UNIT`] is `10^DECIMALS` of the smallest unit.
pub const DECIMALS: u8 = 12;

/// One whole token, in the smallest unit.
pub const UNIT: u128 = 10u128.pow(DECIMALS as u32);

/// A thousandth of a token.
pub const MILLI_UNIT: u128 = UNIT / 1_000;

/// A millionth of a token.
pub const MICRO_UNIT: u128 = UNIT / 1_000_000;

/// The SS58 address prefix of DIDimo accounts (and so of `did:didimo` identifiers).
/// Chosen outside the ranges registered for other chains in the SS58 registry.
pub const SS58_PREFIX: u16 = 7306;
