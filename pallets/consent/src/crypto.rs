//! The keys authorities sign expiry payloads with.
//!
//! [`Sr25519Authority`] lets the off-chain worker sign with any sr25519 application key the
//! node's keystore holds, such as Aura's (`sp_consensus_aura::sr25519::AuthorityId`): the
//! runtime sets `AuthorityId = Sr25519Authority<AuraId>`, and the payload's signing context
//! keeps those signatures apart from block seals.

use core::marker::PhantomData;
use frame_system::offchain::AppCrypto;
use sp_core::sr25519;
use sp_runtime::{MultiSignature, MultiSigner, RuntimeAppPublic};

/// [`AppCrypto`] for an sr25519 application key `A`, with the runtime's `MultiSigner` and
/// `MultiSignature`.
pub struct Sr25519Authority<A>(PhantomData<A>);

impl<A> AppCrypto<MultiSigner, MultiSignature> for Sr25519Authority<A>
where
	A: RuntimeAppPublic + From<sr25519::Public>,
	sr25519::Public: From<A>,
	A::Signature: From<sr25519::Signature>,
	sr25519::Signature: From<A::Signature>,
{
	type RuntimeAppPublic = A;
	type GenericPublic = sr25519::Public;
	type GenericSignature = sr25519::Signature;
}
