// pion: internal/ciphersuite/types/authentication_type.go
#pragma once

namespace dtls::internal::ciphersuite::types {

// pion: internal/ciphersuite/types/authentication_type.go AuthenticationType
// AuthenticationType controls what authentication method is using during the handshake
enum AuthenticationType : int {
  // AuthenticationType Enums
  AuthenticationTypeCertificate = 1,  // iota + 1
  AuthenticationTypePreSharedKey = 2,
  AuthenticationTypeAnonymous = 3,
};

}  // namespace dtls::internal::ciphersuite::types
