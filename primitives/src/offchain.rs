//! The keys authorities sign their off-chain workers' payloads with.
//!
//! [`Sr25519Authority`] lets an off-chain worker sign with any sr25519 application key the
//! node's keystore holds, such as Aura's (`sp_consensus_aura::sr25519::AuthorityId`): the
//! runtime sets a pallet's `AuthorityId = Sr25519Authority<AuraId>`, and each payload's
//! signing context (a per-pallet prefix) keeps those signatures apart from block seals and
//! from each other.

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

/// What the off-chain workers' unsigned transactions share: the payload an authority signs
/// (under a per-pallet context), the rules the transaction pool checks it against, and how a
/// worker picks the local authority key that may send one now.
pub mod authority {
	use alloc::vec::Vec;
	use codec::Encode;
	use frame_system::{
		offchain::{Account, AppCrypto, Signer, SigningTypes},
		pallet_prelude::BlockNumberFor,
	};
	use sp_runtime::{
		offchain::storage::StorageValueRef,
		traits::{IdentifyAccount, Saturating},
		transaction_validity::{
			InvalidTransaction, TransactionPriority, TransactionValidity, ValidTransaction,
		},
		SaturatedConversion,
	};

	/// `InvalidTransaction::Custom` codes of an authority payload's validation.
	pub mod invalid {
		/// A listed item is unknown or not due.
		pub const NOT_DUE: u8 = 1;
		/// An item is listed twice.
		pub const DUPLICATE: u8 = 2;
		/// The authority's last accepted payload is less than the interval older.
		pub const RATE_LIMITED: u8 = 3;
		/// No item is listed.
		pub const EMPTY: u8 = 4;
	}

	/// `C`'s signature of `payload` under `context`, by `public`.
	pub fn sign<T: SigningTypes, C: AppCrypto<T::Public, T::Signature>>(
		context: &[u8],
		payload: &impl Encode,
		public: T::Public,
	) -> Option<T::Signature> {
		(context, payload).using_encoded(|bytes| C::sign(bytes, public))
	}

	/// Whether `signature` is `public`'s signature of `payload` under `context`.
	pub fn verify<T: SigningTypes, C: AppCrypto<T::Public, T::Signature>>(
		context: &[u8],
		payload: &impl Encode,
		public: T::Public,
		signature: T::Signature,
	) -> bool {
		(context, payload).using_encoded(|bytes| C::verify(bytes, public, signature))
	}

	/// How a pallet's authority payloads are checked.
	pub struct Rules<T: frame_system::Config> {
		/// The tag prefix of the transactions.
		pub tag_prefix: &'static str,
		/// The tag each listed item provides (with the item).
		pub item_tag: &'static [u8],
		/// Blocks between two accepted payloads of one authority, and how long one stays
		/// valid after the block it names.
		pub interval: BlockNumberFor<T>,
		/// The transactions' priority.
		pub priority: TransactionPriority,
	}

	/// An authority's payload as its pallet's validation sees it.
	pub struct Payload<'a, T: frame_system::Config + SigningTypes, I> {
		/// The block whose state showed the items due.
		pub block_number: BlockNumberFor<T>,
		/// The authority that signed.
		pub public: &'a T::Public,
		/// The items, each to be listed once.
		pub items: &'a [I],
	}

	impl<T: frame_system::Config + SigningTypes, I: Ord + Clone + Encode> Payload<'_, T, I> {
		/// The transaction pool's rules, in this order: not from the future nor older than
		/// the interval; not empty; from a current authority (`authorities`) with a valid
		/// signature (`signature_valid`); at least the interval after the authority's last
		/// accepted payload (`last_accepted`); every item listed once and due (`is_due`).
		/// The valid transaction provides its authority and each item, and lives until the
		/// payload's validity ends.
		pub fn validate(
			&self,
			rules: &Rules<T>,
			authorities: &[T::Public],
			signature_valid: impl FnOnce() -> bool,
			last_accepted: impl FnOnce(&T::AccountId) -> Option<BlockNumberFor<T>>,
			is_due: impl Fn(&I) -> bool,
		) -> TransactionValidity {
			let block = frame_system::Pallet::<T>::block_number();
			if self.block_number > block {
				return InvalidTransaction::Future.into();
			}
			// The last block the payload may be included in. The pool validates at the
			// block after the one the worker saw, so the window must include
			// `block_number + 1` even for an interval of 1.
			let valid_till = self.block_number.saturating_add(rules.interval);
			if valid_till < block {
				return InvalidTransaction::Stale.into();
			}
			if self.items.is_empty() {
				return InvalidTransaction::Custom(invalid::EMPTY).into();
			}
			if !authorities.contains(self.public) {
				return InvalidTransaction::BadSigner.into();
			}
			if !signature_valid() {
				return InvalidTransaction::BadProof.into();
			}
			let authority = self.public.clone().into_account();
			if last_accepted(&authority)
				.is_some_and(|last| self.block_number < last.saturating_add(rules.interval))
			{
				return InvalidTransaction::Custom(invalid::RATE_LIMITED).into();
			}
			let mut sorted = self.items.to_vec();
			sorted.sort_unstable();
			sorted.dedup();
			if sorted.len() != self.items.len() {
				return InvalidTransaction::Custom(invalid::DUPLICATE).into();
			}
			if !self.items.iter().all(is_due) {
				return InvalidTransaction::Custom(invalid::NOT_DUE).into();
			}
			let longevity = valid_till.saturating_sub(block).saturated_into::<u64>();
			let mut valid = ValidTransaction::with_tag_prefix(rules.tag_prefix)
				.priority(rules.priority)
				.and_provides((b"authority", authority))
				.longevity(longevity.saturating_add(1))
				.propagate(true);
			// Two authorities' payloads naming one item are not both in the pool.
			for item in self.items {
				valid = valid.and_provides((rules.item_tag, item));
			}
			valid.build()
		}
	}

	/// The local authority key a worker sends its payload with at `block`: the first key in
	/// the node's keystore among `authorities` whose last accepted payload
	/// (`last_accepted`) is at least `interval` blocks old; none if this node sent one less
	/// than `interval` blocks ago (local storage at `last_sent_key`, which [`sent`]
	/// records).
	pub fn sender<T, C>(
		block: BlockNumberFor<T>,
		interval: BlockNumberFor<T>,
		last_sent_key: &[u8],
		authorities: Vec<T::Public>,
		last_accepted: impl Fn(&T::AccountId) -> Option<BlockNumberFor<T>>,
	) -> Result<Account<T>, &'static str>
	where
		T: frame_system::Config + SigningTypes,
		C: AppCrypto<T::Public, T::Signature>,
	{
		let last_sent = StorageValueRef::persistent(last_sent_key);
		if let Ok(Some(last)) = last_sent.get::<BlockNumberFor<T>>() {
			if block < last.saturating_add(interval) {
				return Err("sent recently");
			}
		}
		Signer::<T, C>::all_accounts()
			.with_filter(authorities)
			.accounts_from_keys()
			.find(|account| {
				last_accepted(&account.id).is_none_or(|last| block >= last.saturating_add(interval))
			})
			.ok_or("no local authority key may submit now")
	}

	/// A fresh key of `C` in the keystore of the externalities (the benchmarks'), as a
	/// `T::Public`: an authority to sign with where no node's keystore holds one.
	pub fn generate_key<T: SigningTypes, C: AppCrypto<T::Public, T::Signature>>() -> T::Public {
		use sp_runtime::RuntimeAppPublic;
		let app = C::RuntimeAppPublic::generate_pair(None);
		C::GenericPublic::from(app).into()
	}

	/// Records in local storage that this node sent a payload at `block`.
	pub fn sent<T: frame_system::Config>(last_sent_key: &[u8], block: BlockNumberFor<T>) {
		StorageValueRef::persistent(last_sent_key).set(&block);
	}
}
